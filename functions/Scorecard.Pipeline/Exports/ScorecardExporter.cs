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
    /// <summary>Reads what an export shows (the latest month when <paramref name="period"/> is null).</summary>
    public async Task<ScorecardExport> ReadAsync(ExportPeriod? period, string level, CancellationToken cancellationToken = default)
    {
        BlobEntry? martEntry = await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken);
        await using MartFile mart = await MartFile.OpenAsync(store, cancellationToken);
        ScorecardExport export = ScorecardExportReader.Read(mart.Directory, period, level);
        DataQualitySummary audit = await DataQualityReader.ReadAsync(store, cancellationToken);
        return export with
        {
            DataQuality = audit with { LatestDataDate = export.DataQuality.LatestDataDate },
            BuiltAt = martEntry?.LastModified,
        };
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
        : new System.Text.UTF8Encoding(false).GetBytes(Render(export, format));

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
        byte[] content = RenderBytes(export, format);
        string name = FileName(export, format);
        if (outPath is not null)
        {
            string target = Directory.Exists(outPath) ? Path.Combine(outPath, name) : outPath;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            await File.WriteAllBytesAsync(target, content, cancellationToken);
            return Path.GetFullPath(target);
        }

        using var stream = new MemoryStream(content, writable: false);
        await store.WriteAsync(StoreContainers.Exports, name, stream, cancellationToken);
        return $"{store.Location}/{StoreContainers.Exports}/{name}";
    }
}
