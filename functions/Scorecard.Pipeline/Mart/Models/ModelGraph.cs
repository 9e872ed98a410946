namespace Scorecard.Pipeline.Mart;

/// <summary>Orders models so each runs after the models it references.</summary>
internal static class ModelGraph
{
    /// <summary>
    /// Topological order of <paramref name="models"/> (ties broken by layer, then name, so the order is stable; a model
    /// that reads the incremental build scope or is incremental runs after every ready model that does not, so the
    /// dimensions the scope is worked out from are built first; a model replaced by the dates of the changed telephony
    /// rows alone, which are worked out from staging, runs as soon as it is ready, as a dimension may read it).
    /// A reference to a relation that is neither a model nor in <paramref name="externalRelations"/>, or a cycle,
    /// is a <see cref="MartDefinitionException"/> naming the model files involved.
    /// </summary>
    public static IReadOnlyList<SqlModel> Order(IReadOnlyList<SqlModel> models, IReadOnlySet<string>? externalRelations = null)
    {
        externalRelations ??= new HashSet<string>();
        var byRelation = models.ToDictionary(m => m.Relation, StringComparer.OrdinalIgnoreCase);
        var dependencies = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (SqlModel model in models)
        {
            var upstream = new List<string>();
            foreach (string reference in model.References)
            {
                if (string.Equals(reference, model.Relation, StringComparison.OrdinalIgnoreCase))
                {
                    throw new MartDefinitionException($"{model.DisplayPath}: the model references itself ({reference}).");
                }

                if (byRelation.ContainsKey(reference))
                {
                    upstream.Add(reference);
                }
                else if (!externalRelations.Contains(reference))
                {
                    throw new MartDefinitionException(
                        $"{model.DisplayPath}: references {reference}, which is not a model (no sql/{reference.Replace('.', '/')}.sql).");
                }
            }

            dependencies[model.Relation] = upstream;
        }

        var rank = models.Select(m => (m.Relation, Rank: (WaitsForDimensions(m) ? 1 : 0, Array.IndexOf(ModelCatalog.Layers.ToArray(), m.Schema), m.Name)))
            .ToDictionary(p => p.Relation, p => p.Rank, StringComparer.OrdinalIgnoreCase);
        var remaining = dependencies.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.OrdinalIgnoreCase);
        var ordered = new List<SqlModel>();
        var ready = new SortedSet<string>(remaining.Where(p => p.Value == 0).Select(p => p.Key), Comparer(rank));
        while (ready.Count > 0)
        {
            string next = ready.Min!;
            ready.Remove(next);
            ordered.Add(byRelation[next]);
            foreach (var (relation, upstream) in dependencies)
            {
                if (upstream.Contains(next, StringComparer.OrdinalIgnoreCase) && --remaining[relation] == 0)
                {
                    ready.Add(relation);
                }
            }
        }

        if (ordered.Count < models.Count)
        {
            var stuck = models.Where(m => !ordered.Contains(m)).ToList();
            throw new MartDefinitionException(
                "The models reference each other in a cycle: " + DescribeCycle(stuck, dependencies, byRelation) + ".");
        }

        return ordered;
    }

    private static string DescribeCycle(
        List<SqlModel> stuck, Dictionary<string, List<string>> dependencies, Dictionary<string, SqlModel> byRelation)
    {
        // Walk upstream from any stuck model until a model repeats: that stretch of the walk is a cycle.
        var stuckSet = stuck.Select(m => m.Relation).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();
        string current = stuck[0].Relation;
        while (!path.Contains(current, StringComparer.OrdinalIgnoreCase))
        {
            path.Add(current);
            current = dependencies[current].First(stuckSet.Contains);
        }

        var cycle = path.Skip(path.FindIndex(r => string.Equals(r, current, StringComparison.OrdinalIgnoreCase))).ToList();
        cycle.Add(current);
        return string.Join(" -> ", cycle.Select(r => byRelation[r].DisplayPath));
    }

    private static Comparer<string> Comparer(Dictionary<string, (int Deferred, int Layer, string Name)> rank) =>
        Comparer<string>.Create((a, b) =>
        {
            int byScope = rank[a].Deferred.CompareTo(rank[b].Deferred);
            int byLayer = rank[a].Layer.CompareTo(rank[b].Layer);
            return byScope != 0 ? byScope : byLayer != 0 ? byLayer : string.CompareOrdinal(a, b);
        });

    private static bool WaitsForDimensions(SqlModel model) =>
        (model.UsesScope || model.IsIncremental) && model.DateScope != IncrementalScope.TelephonyRowsScope;
}
