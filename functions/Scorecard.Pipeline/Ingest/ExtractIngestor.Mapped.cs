using System.Diagnostics;
using System.IO.Compression;
using Scorecard.Pipeline.Mapping;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Ingest;

/// <summary>Real-world exports under <c>landing/mapped/&lt;mapping&gt;/&lt;date&gt;/</c>: the mapping writes one contract
/// CSV per dataset it feeds, and each goes through the same parse, quarantine, audit and publish path as a contract
/// extract, with <c>source_row_number</c> pointing at the row of the delivered file.</summary>
public sealed partial class ExtractIngestor
{
    /// <summary>Where custom mappings live in the store: <c>state/mappings/&lt;name&gt;.yml</c> (a built-in name wins).</summary>
    public const string MappingsFolder = "mappings";

    /// <summary>Ingests one landing blob: one result for a contract extract, one per dataset fed for a mapped export.</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestAllAsync(
        string landingPath, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        MappedLandingPath.Matches(landingPath)
            ? await IngestMappedAsync(landingPath, progress, cancellationToken)
            : [await IngestAsync(landingPath, progress, cancellationToken)];

    /// <summary>The mapping named <paramref name="name"/>: built-in, else <c>state/mappings/&lt;name&gt;.yml</c>; null when neither exists.</summary>
    public async Task<SourceMapping?> FindMappingAsync(string name, CancellationToken cancellationToken = default)
    {
        if (BuiltinMappings.Find(name) is { } builtin)
        {
            return builtin;
        }

        string path = $"{MappingsFolder}/{name}.yml";
        if (await store.GetAsync(StoreContainers.State, path, cancellationToken) is null)
        {
            return null;
        }

        await using Stream stream = await store.OpenReadAsync(StoreContainers.State, path, cancellationToken);
        using var reader = new StreamReader(stream);
        return SourceMappingReader.Read($"state/{path}", await reader.ReadToEndAsync(cancellationToken));
    }

    private async Task<IReadOnlyList<IngestResult>> IngestMappedAsync(
        string landingPath, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        MappedLandingPath path;
        SourceMapping mapping;
        try
        {
            path = MappedLandingPath.Parse(landingPath);
            mapping = await FindMappingAsync(path.Mapping, cancellationToken)
                ?? throw new RejectedExtractException(
                    $"blob name '{path.Path}': no mapping '{path.Mapping}' (built-in: {string.Join(", ", BuiltinMappings.All.Select(m => m.Name))}; " +
                    $"custom ones go to state/{MappingsFolder}/<name>.yml)");
        }
        catch (Exception e) when (e is RejectedExtractException or MappingDefinitionException)
        {
            return [await RejectInvalidNameAsync(landingPath, e is RejectedExtractException r ? r.Reason : e.Message, started, cancellationToken)];
        }

        BlobEntry blob = await store.GetAsync(StoreContainers.Landing, path.Path, cancellationToken)
            ?? throw new BlobNotFoundException(StoreContainers.Landing, path.Path);
        string markerPath = $"landing-index/{path.Path}.json";
        if (await StateDocuments.ReadAsync<LandingMarker>(store, markerPath, cancellationToken) is { } marker
            && marker.LandingVersion == blob.Version)
        {
            return [new IngestResult(IngestStatus.AlreadyIngested, path.Path, marker.ExtractId, null,
                $"already processed at this version ({marker.Status.ToString().ToLowerInvariant()}, {marker.ExtractId})")];
        }

        string work = ScratchFolders.Create(options.TempDirectory, "scorecard-mapped");
        var results = new List<IngestResult>();
        try
        {
            MappingRun? run = null;
            string? rejection = null;
            try
            {
                await using Stream raw = await store.OpenReadAsync(StoreContainers.Landing, path.Path, cancellationToken);
                await using Stream content = path.IsCompressed ? new GZipStream(raw, CompressionMode.Decompress) : raw;
                run = await new MappingRunner(mapping).RunAsync(content, work, cancellationToken);
            }
            catch (RejectedExtractException e)
            {
                rejection = e.Reason;
            }
            catch (InvalidDataException e)
            {
                rejection = $"the compressed data is corrupt ({e.Message})";
            }

            foreach (MappingOutput output in mapping.Outputs)
            {
                var target = new LandingPath(output.Contract, path.ExtractDate, path.FileName, path.Path);
                string extractId = NewExtractId(started, $"{path.Path}#{output.Contract.Id}", blob.Version);
                if (run is null)
                {
                    results.Add(await RejectAsync(target, blob, extractId, rejection!, started, clock, null, cancellationToken,
                        new MappedAudit(mapping.Name, ContractCsvWriter.SourceRowColumn, 0, new Dictionary<string, long>(), 0)));
                    continue;
                }

                MappedDataset dataset = run.Datasets.Single(d => d.Contract == output.Contract);
                var audit = new MappedAudit(mapping.Name, ContractCsvWriter.SourceRowColumn, run.RowsRead, dataset.Dropped, dataset.Problems);
                results.Add(await IngestContentAsync(target, blob, extractId, work, started, clock, null,
                    _ => Task.FromResult<Stream>(File.OpenRead(dataset.File)), compressed: false, audit, progress, cancellationToken));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        IngestStatus status = results.Any(r => r.Status == IngestStatus.Rejected) ? IngestStatus.Rejected
            : results.Any(r => r.Status == IngestStatus.Ingested) ? IngestStatus.Ingested
            : IngestStatus.Unchanged;
        await StateDocuments.WriteAsync(store, markerPath,
            new LandingMarker(blob.Version, status, string.Join(",", results.Select(r => r.ExtractId)), DateTimeOffset.UtcNow), cancellationToken);
        return results;
    }
}
