using System.Globalization;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Exports;

/// <summary>
/// Produces exports from a store's mart: reads the period and level, adds the data-quality footer from the audit
/// records, renders the format and writes it to the store's <c>exports</c> container (or a local file).
/// File names carry period, level and the mart's build time: <c>scorecard_2026-10_team_20261123T094320Z.html</c>.
/// </summary>
public sealed class ScorecardExporter(IBlobStore store)
{
    private static readonly System.Text.UTF8Encoding Encoding = new(false);

    /// <summary>Reads what an export shows (the latest month when <paramref name="period"/> is null).</summary>
    public async Task<ScorecardExport> ReadAsync(ExportPeriod? period, string level, CancellationToken cancellationToken = default)
    {
        BlobEntry? martEntry = await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken);
        await using MartFile mart = await MartFile.OpenAsync(store, ScorecardExportReader.Tables, cancellationToken);
        ScorecardExport export = ScorecardExportReader.Read(mart.Directory, period, level);
        DataQualitySummary audit = await DataQualityReader.ReadAsync(store, cancellationToken);
        return export with
        {
            DataQuality = audit with { LatestDataDate = export.DataQuality.LatestDataDate },
            BuiltAt = martEntry?.LastModified,
        };
    }

    /// <summary>
    /// Reads the period at every level (centre, queue, team, agent, in that order) from one opening of the mart: what
    /// the linked HTML pages show. The period is resolved once (when null, the latest of <paramref name="grain"/>), so
    /// all pages agree. Throws <see cref="InvalidOperationException"/> when the mart has no KPI rows of that grain.
    /// </summary>
    public async Task<IReadOnlyList<ScorecardExport>> ReadLevelsAsync(ExportPeriod? period, string grain = "month", CancellationToken cancellationToken = default)
    {
        BlobEntry? martEntry = await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken);
        await using MartFile mart = await MartFile.OpenAsync(store, ScorecardExportReader.Tables, cancellationToken);
        period ??= ScorecardExportReader.Latest(mart.Directory, ExportPeriod.CheckGrain(grain))
            ?? throw new InvalidOperationException($"The mart has no {grain} KPI rows yet: build it from a lake with data first.");
        DataQualitySummary audit = await DataQualityReader.ReadAsync(store, cancellationToken);
        var levels = new List<ScorecardExport>();
        foreach (string level in KpiRegistry.LevelNames)
        {
            ScorecardExport export = ScorecardExportReader.Read(mart.Directory, period, level);
            levels.Add(export with
            {
                DataQuality = audit with { LatestDataDate = export.DataQuality.LatestDataDate },
                BuiltAt = martEntry?.LastModified,
            });
        }

        return levels;
    }

    /// <summary>The links between the level pages of <paramref name="levels"/>, each page addressed by <paramref name="href"/>.</summary>
    public static IReadOnlyList<ScorecardPageLink> PageLinks(IReadOnlyList<ScorecardExport> levels, Func<ScorecardExport, string> href)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(href);
        return levels.Select(l => new ScorecardPageLink(l.Level, href(l), l.Members.Select(m => m.MemberId).ToList())).ToList();
    }

    /// <summary>
    /// Writes the HTML page of every level in <paramref name="levels"/>, linked to each other by file name, to the store's
    /// exports container or beside <paramref name="outPath"/> (a folder, or the file that gets the page of
    /// <paramref name="level"/>; the other pages go beside it under their standard names). Returns where each went, the
    /// page of <paramref name="level"/> first.
    /// </summary>
    public async Task<IReadOnlyList<string>> WritePagesAsync(
        IReadOnlyList<ScorecardExport> levels, string level = "centre", string? outPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(levels);
        string? outFile = outPath is not null && !Directory.Exists(outPath) ? Path.GetFullPath(outPath) : null;
        var standard = levels.ToDictionary(l => l.Level, l => FileName(l, ExportFormat.Html), StringComparer.Ordinal);
        string Name(ScorecardExport export) => outFile is not null && export.Level == level ? Path.GetFileName(outFile) : standard[export.Level];
        var links = PageLinks(levels, Name);
        var written = new List<string>();
        foreach (ScorecardExport export in levels.OrderBy(l => l.Level == level ? 0 : 1))
        {
            string? target = outPath is null ? null : Path.Combine(outFile is null ? outPath : Path.GetDirectoryName(outFile)!, Name(export));
            written.Add(await WriteBytesAsync(Encoding.GetBytes(ScorecardHtmlRenderer.Render(export, links)), standard[export.Level], target, cancellationToken));
        }

        return written;
    }

    /// <summary>File names of the data dictionary beside the exports.</summary>
    public const string DictionaryJsonName = "data_dictionary.json";

    public const string DictionaryHtmlName = "data_dictionary.html";

    /// <summary>Reads the data dictionary of the store's mart: its tables and columns described by the YAML under <paramref name="sqlRoot"/>.</summary>
    public async Task<DataDictionary> ReadDictionaryAsync(string sqlRoot, KpiRegistry registry, CancellationToken cancellationToken = default)
    {
        // The dictionary reads the database alone (columns, and row counts as the build recorded them).
        await using MartFile mart = await MartFile.OpenAsync(store, [], cancellationToken);
        return DataDictionaryReader.Read(mart.Directory, sqlRoot, registry);
    }

    /// <summary>
    /// Writes the data dictionary as <see cref="DictionaryJsonName"/> and <see cref="DictionaryHtmlName"/> to the store's
    /// exports container, or into the folder <paramref name="outFolder"/>; returns where they went.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteDictionaryAsync(DataDictionary dictionary, string? outFolder = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        return
        [
            await WriteBytesAsync(Encoding.GetBytes(DataDictionaryJsonWriter.Write(dictionary)), DictionaryJsonName,
                outFolder is null ? null : Path.Combine(outFolder, DictionaryJsonName), cancellationToken),
            await WriteBytesAsync(Encoding.GetBytes(DataDictionaryHtmlRenderer.Render(dictionary)), DictionaryHtmlName,
                outFolder is null ? null : Path.Combine(outFolder, DictionaryHtmlName), cancellationToken),
        ];
    }

    /// <summary>Renders <paramref name="export"/> in a text format (html, csv or json).</summary>
    public static string Render(ScorecardExport export, ExportFormat format) => format switch
    {
        ExportFormat.Html => ScorecardHtmlRenderer.Render(export),
        ExportFormat.Csv => ScorecardCsvWriter.Write(export.Rows),
        ExportFormat.Json => ScorecardJsonWriter.Write(export),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a text format: use RenderBytes."),
    };

    /// <summary>Renders <paramref name="export"/> as the bytes of a file in <paramref name="format"/> (text as UTF-8 without a byte order mark).</summary>
    public static byte[] RenderBytes(ScorecardExport export, ExportFormat format) => format == ExportFormat.Xlsx
        ? ScorecardXlsxWriter.Write(export)
        : Encoding.GetBytes(Render(export, format));

    /// <summary><c>scorecard_&lt;period&gt;_&lt;level&gt;_&lt;build time&gt;.&lt;format&gt;</c>.</summary>
    public static string FileName(ScorecardExport export, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(export);
        string built = (export.BuiltAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return $"scorecard_{export.Period.Text}_{export.Level}_{built}.{format.ToString().ToLowerInvariant()}";
    }

    /// <summary>
    /// Writes the export to <paramref name="outPath"/> when given (a file, or a folder that gets the standard file name),
    /// else to the store's exports container; returns where it went.
    /// </summary>
    public async Task<string> WriteAsync(ScorecardExport export, ExportFormat format, string? outPath = null, CancellationToken cancellationToken = default)
    {
        string name = FileName(export, format);
        string? target = outPath is null ? null : Directory.Exists(outPath) ? Path.Combine(outPath, name) : outPath;
        return await WriteBytesAsync(RenderBytes(export, format), name, target, cancellationToken);
    }

    private async Task<string> WriteBytesAsync(byte[] content, string name, string? target, CancellationToken cancellationToken)
    {
        if (target is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            await File.WriteAllBytesAsync(target, content, cancellationToken);
            return Path.GetFullPath(target);
        }

        using var stream = new MemoryStream(content, writable: false);
        await store.WriteAsync(StoreContainers.Exports, name, stream, cancellationToken);
        return $"{store.Location}/{StoreContainers.Exports}/{name}";
    }
}
