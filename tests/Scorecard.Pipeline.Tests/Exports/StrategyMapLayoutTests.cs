using Scorecard.Pipeline.Exports;

namespace Scorecard.Pipeline.Tests.Exports;

public sealed class StrategyMapLayoutTests(ExportMartFixture fixture) : IClassFixture<ExportMartFixture>
{
    [Fact]
    public void Edge_labels_of_the_demo_map_overlap_no_other_label_and_no_node_and_stay_inside_the_map()
    {
        var (nodes, edges) = StrategyMapSvg.Layout(fixture.CentreMonth);

        Assert.Equal(fixture.CentreMonth.Links.Count, edges.Count);
        Assert.True(edges.Count >= 5, $"the demo map has only {edges.Count} links");
        for (int i = 0; i < edges.Count; i++)
        {
            Assert.True(edges[i].LabelBox.Inside(1000, 120 * fixture.CentreMonth.Perspectives.Count), $"label of {edges[i].Link.CauseKpiId} leaves the map");
            Assert.DoesNotContain(nodes, n => n.Value.Intersects(edges[i].LabelBox));
            for (int j = i + 1; j < edges.Count; j++)
            {
                Assert.False(edges[i].LabelBox.Intersects(edges[j].LabelBox),
                    $"labels of {edges[i].Link.CauseKpiId} -> {edges[i].Link.EffectKpiId} and {edges[j].Link.CauseKpiId} -> {edges[j].Link.EffectKpiId} overlap");
            }
        }
    }

    [Fact]
    public void Each_label_is_drawn_where_the_layout_placed_it()
    {
        var (_, edges) = StrategyMapSvg.Layout(fixture.CentreMonth);

        string svg = StrategyMapSvg.Render(fixture.CentreMonth);

        foreach (MapEdge edge in edges)
        {
            Assert.Contains(System.FormattableString.Invariant($"<text x=\"{edge.LabelX:0.#}\" y=\"{edge.LabelY:0.#}\" class=\"edge-label\">{System.Net.WebUtility.HtmlEncode(edge.Label)}</text>"),
                svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Boxes_that_share_area_intersect_and_boxes_that_only_touch_do_not()
    {
        var box = new MapBox(0, 0, 10, 10);

        Assert.True(box.Intersects(new MapBox(9, 9, 5, 5)));
        Assert.False(box.Intersects(new MapBox(10, 0, 5, 5)));
        Assert.False(box.Intersects(new MapBox(0, 10, 5, 5)));
    }
}
