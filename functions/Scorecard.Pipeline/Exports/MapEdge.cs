namespace Scorecard.Pipeline.Exports;

/// <summary>
/// A laid-out strategy-map edge: its link, the SVG path of the arrow, and its label and where it goes. When the evidence
/// found no free place along the arrow, the label is a number (<see cref="LegendNumber"/>) and the evidence is written
/// in the legend under the map.
/// </summary>
internal sealed record MapEdge(ExportedLink Link, string Path, string Label, double LabelX, double LabelY, MapBox LabelBox, int? LegendNumber = null);
