using System.Text;
using Parquet;
using Scorecard.Pipeline.Storage;
using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Streams one CSV extract through validation: good rows into Parquet row groups, bad rows into the quarantine
/// writer with their reasons. Memory is one row group of buffers whatever the file size (plus the key set).
/// Throws <see cref="RejectedExtractException"/> when the file as a whole cannot be read.
/// </summary>
internal sealed class ExtractParser(DatasetContract contract, IngestOptions options, Pseudonymizer pseudonymizer)
{
    private const int ProgressEvery = 1 << 16;

    /// <summary>A header column holding each row's number in an upstream source file (mapped extracts): used as
    /// <c>source_row_number</c> instead of the row's position, and kept out of the unknown columns.</summary>
    public string? SourceRowField { get; init; }

    /// <summary>A header column that, when not empty, holds <c>column|reason</c>: an upstream mapping could not convert
    /// a value, so the row goes to quarantine with that reason. Kept out of the unknown columns.</summary>
    public string? ProblemField { get; init; }

    /// <summary>Row groups from this size on leave large garbage behind them (see <see cref="WriteAsync"/>).</summary>
    private const int CollectFromRows = 16_384;

    public async Task<ParseOutcome> ParseAsync(
        TextReader text,
        string extractId,
        string sourceFile,
        Stream parquet,
        string spillFile,
        Func<IReadOnlyList<string>, IReadOnlySet<int>, QuarantineWriter> openQuarantine,
        Action<long>? onRows,
        CancellationToken cancellationToken)
    {
        using CsvDataReader csv = OpenCsv(text);
        string[] header = ReadHeader(csv);
        int[] map = MapColumns(header, out List<string> unknown, out List<string> missingOptional);
        var pseudonymFields = contract.Columns.Select((c, i) => (c, i))
            .Where(p => p.c.Kind == ColumnKind.Pseudonym && map[p.i] >= 0).Select(p => map[p.i]).ToHashSet();
        QuarantineWriter quarantine = openQuarantine(header, pseudonymFields);
        int sourceRowField = SourceRowField is null ? -1 : Array.IndexOf(header, SourceRowField);
        unknown.Remove(SourceRowField ?? "");
        int problemField = ProblemField is null ? -1 : Array.IndexOf(header, ProblemField);
        unknown.Remove(ProblemField ?? "");

        // At most two row groups of buffers: rows are parsed into one while the other is encoded and written on
        // another thread. Row groups are written one at a time, in file order, so the file is the same as a serial
        // write. The second buffer is only allocated once the first fills, so small extracts hold one.
        var batches = new List<RowBatch> { new(contract, options.RowGroupSize, pseudonymizer, extractId, sourceFile) };
        RowBatch batch = batches[0];
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(batch.Schema, parquet, CreateParquetOptions(batch), cancellationToken: cancellationToken);
        writer.CustomMetadata = new Dictionary<string, string>
        {
            ["scorecard.dataset"] = contract.Id,
            ["scorecard.schema_version"] = DatasetContract.SchemaVersion.ToString(),
            ["scorecard.extract_id"] = extractId,
        };

        int[] keyColumns = contract.Key.Select(contract.IndexOf).ToArray();
        using var keys = new KeySet(spillFile);
        FieldReader field = csv.GetFieldSpan;
        var reasons = new StringBuilder();
        long rowNumber = 0;
        long written = 0;
        long blank = 0;
        Task writing = Task.CompletedTask;
        try
        {
            while (ReadRecord(csv, rowNumber))
            {
                if (csv.RowFieldCount == 1 && header.Length > 1 && csv.GetFieldSpan(0).IsWhiteSpace())
                {
                    blank++;
                    continue;
                }

                rowNumber++;
                if ((rowNumber & (ProgressEvery - 1)) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    onRows?.Invoke(rowNumber);
                }

                if (csv.RowFieldCount != header.Length)
                {
                    quarantine.Write(rowNumber, "", $"row has {csv.RowFieldCount} fields; the header has {header.Length}", field, csv.RowFieldCount);
                    continue;
                }

                long sourceRow = sourceRowField < 0 ? rowNumber : long.Parse(csv.GetFieldSpan(sourceRowField), System.Globalization.CultureInfo.InvariantCulture);
                string? firstBadColumn = (problemField < 0 ? null : UpstreamProblem(csv.GetFieldSpan(problemField), reasons))
                    ?? ParseRow(csv, map, batch, reasons)
                    ?? CheckRules(batch, reasons)
                    ?? CheckKey(batch, keyColumns, keys, reasons);
                if (firstBadColumn is not null)
                {
                    quarantine.Write(sourceRow, firstBadColumn, reasons.ToString(), field, csv.RowFieldCount);
                    reasons.Clear();
                    continue;
                }

                batch.Commit(sourceRow);
                written++;
                if (batch.IsFull)
                {
                    // The other buffer is free once its write has finished; this one is written while rows go there.
                    await writing;
                    RowBatch full = batch;
                    writing = Task.Run(() => WriteAsync(full, writer, cancellationToken), cancellationToken);
                    if (batches.Count == 1)
                    {
                        batches.Add(new RowBatch(contract, options.RowGroupSize, pseudonymizer, extractId, sourceFile));
                    }

                    batch = batch == batches[0] ? batches[1] : batches[0];
                }
            }

            await writing;
            await batch.FlushAsync(writer, cancellationToken);
        }
        finally
        {
            // A read error ends parsing while a row group may still be writing: let it end before the writer closes.
            await writing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        FaultPoint.Reached(FaultPoint.IngestMidParquet);
        onRows?.Invoke(rowNumber);
        return new ParseOutcome(rowNumber, written, quarantine.Rows, blank, unknown, missingOptional, batches.Count);
    }

    /// <summary>
    /// Writes one full row group. Parquet.Net's dictionary encoder allocates, per dictionary column and row group, a
    /// hash table sized to the row count: about 18 MB of short-lived large objects per 65,536 rows, which the GC
    /// otherwise lets pile up to its large-object budget. Collecting after each large row group (the live heap is two
    /// row groups of buffers, so this is cheap) measured 230 -> 135 MiB peak on 1M contacts, and less CPU, not more.
    /// </summary>
    private static async Task WriteAsync(RowBatch batch, ParquetWriter writer, CancellationToken cancellationToken)
    {
        await batch.FlushAsync(writer, cancellationToken);
        if (batch.Capacity >= CollectFromRows)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }

    private CsvDataReader OpenCsv(TextReader text)
    {
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            BufferSize = 1 << 16,
            MaxBufferSize = options.MaxRecordChars,
        };
        try
        {
            return CsvDataReader.Create(text, csvOptions);
        }
        catch (CsvMissingHeadersException)
        {
            throw new RejectedExtractException("the file is empty: no header row");
        }
        catch (CsvFormatException e)
        {
            throw new RejectedExtractException($"the header row cannot be read: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new RejectedExtractException($"the compressed data is corrupt ({e.Message})");
        }
    }

    /// <summary>Reads the next record, turning what can go wrong into the reason the file is rejected: a record longer
    /// than Ingest:MaxRecordChars, malformed quoting, corrupt gzip. Contract extracts and mapped source files alike.</summary>
    internal static bool ReadRecord(CsvDataReader csv, long rowsSoFar)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvRecordTooLargeException)
        {
            throw new RejectedExtractException($"row {rowsSoFar + 1} is larger than the largest record accepted (Ingest:MaxRecordChars)");
        }
        catch (CsvFormatException e)
        {
            throw new RejectedExtractException($"row {rowsSoFar + 1}: malformed CSV ({e.Message})");
        }
        catch (InvalidDataException e)
        {
            throw new RejectedExtractException($"after row {rowsSoFar}: the compressed data is corrupt ({e.Message})");
        }
    }

    private string[] ReadHeader(CsvDataReader csv)
    {
        string[] header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToArray();
        if (header.Length == 0 || (header.Length == 1 && header[0].Length == 0))
        {
            throw new RejectedExtractException("the file is empty: no header row");
        }

        if (header.Any(h => SpanParsers.CheckText(h, int.MaxValue) is not null))
        {
            throw new RejectedExtractException("the file is not UTF-8 CSV text: its header row holds binary or invalid characters");
        }

        if (header.Length == 1 && header[0].IndexOfAny([';', '\t', '|']) is int at and >= 0)
        {
            throw new RejectedExtractException(
                $"the header is not comma-separated (it uses '{(header[0][at] == '\t' ? "\\t" : header[0][at])}'); extracts must use commas");
        }

        var duplicate = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RejectedExtractException($"column '{duplicate.Key}' appears more than once in the header");
        }

        return header;
    }

    private int[] MapColumns(string[] header, out List<string> unknown, out List<string> missingOptional)
    {
        var index = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.OrdinalIgnoreCase);
        int[] map = contract.Columns.Select(c => index.GetValueOrDefault(c.Name, -1)).ToArray();
        string[] missingRequired = contract.Columns.Where((c, i) => c.Required && map[i] < 0).Select(c => c.Name).ToArray();
        if (missingRequired.Length > 0)
        {
            throw new RejectedExtractException(
                $"missing required column{(missingRequired.Length > 1 ? "s" : "")} {string.Join(", ", missingRequired)} " +
                $"(the header has: {string.Join(", ", header)})");
        }

        missingOptional = contract.Columns.Where((c, i) => map[i] < 0).Select(c => c.Name).ToList();
        unknown = header.Where(h => !contract.HasColumn(h.ToLowerInvariant())).ToList();
        return map;
    }

    /// <summary>Parses every contract column of the record into the batch's open slot; returns the first bad column.</summary>
    private string? ParseRow(CsvDataReader csv, int[] map, RowBatch batch, StringBuilder reasons)
    {
        string? first = null;
        for (int i = 0; i < map.Length; i++)
        {
            ReadOnlySpan<char> raw = map[i] < 0 ? default : csv.GetFieldSpan(map[i]).Trim(' ');
            ColumnContract column = contract.Columns[i];
            string? error;
            if (raw.IsEmpty)
            {
                batch.SetEmpty(i);
                error = column.Required ? "is required but empty" : null;
            }
            else
            {
                error = batch.Parse(i, raw);
            }

            if (error is not null)
            {
                first ??= column.Name;
                AppendReason(reasons, column.Name, error);
            }
        }

        return first;
    }

    private static string? UpstreamProblem(ReadOnlySpan<char> problem, StringBuilder reasons)
    {
        int bar = problem.IndexOf('|');
        if (bar < 0)
        {
            return null;
        }

        reasons.Append(problem[(bar + 1)..]);
        return problem[..bar].ToString();
    }

    private string? CheckRules(RowBatch batch, StringBuilder reasons)
    {
        string? first = null;
        foreach (RowRule rule in contract.Rules)
        {
            if (rule.Check(batch) is { } error)
            {
                first ??= rule.Column;
                AppendReason(reasons, null, error);
            }
        }

        return first;
    }

    private string? CheckKey(RowBatch batch, int[] keyColumns, KeySet keys, StringBuilder reasons)
    {
        IRowValues row = batch;
        bool added;
        if (keyColumns.Length == 1)
        {
            ReadOnlySpan<char> text = KeyText(batch, keyColumns[0]);
            added = keys.Add(text, KeySet.Hash(text));
        }
        else
        {
            var composite = new StringBuilder();
            foreach (int column in keyColumns)
            {
                composite.Append(row.IsPresent(column) ? KeyText(batch, column) : default).Append('\u001f');
            }

            string text = composite.ToString();
            added = keys.Add(text, KeySet.Hash(text));
        }

        if (added)
        {
            return null;
        }

        string key = string.Join(", ", keyColumns.Select(c => $"{contract.Columns[c].Name} '{KeyText(batch, c)}'"));
        AppendReason(reasons, null, $"duplicate key: {key} appears earlier in this file");
        return contract.Columns[keyColumns[0]].Name;
    }

    /// <summary>Key parts as text: string columns as they are, dates and timestamps by their ordinal.</summary>
    private ReadOnlySpan<char> KeyText(RowBatch batch, int column)
    {
        IRowValues row = batch;
        return contract.Columns[column].Kind is ColumnKind.Date or ColumnKind.Timestamp
            ? row.Ordinal(column).ToString().AsSpan()
            : row.Text(column);
    }

    private static void AppendReason(StringBuilder reasons, string? column, string error)
    {
        if (reasons.Length > 0)
        {
            reasons.Append("; ");
        }

        if (column is not null)
        {
            reasons.Append(column).Append(' ');
        }

        reasons.Append(error);
    }

    private ParquetOptions CreateParquetOptions(RowBatch batch)
    {
        var parquetOptions = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Snappy,
            CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
            MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
            MaximumLargePoolFreeBytes = 64 * 1024 * 1024,
        };
        if (options.DictionaryEncoding)
        {
            foreach (string column in batch.DictionaryColumns)
            {
                parquetOptions.ColumnEncodingHints[column] = EncodingHint.Dictionary;
            }
        }

        foreach (string column in batch.DeltaColumns)
        {
            parquetOptions.ColumnEncodingHints[column] = EncodingHint.DeltaBinaryPacked;
        }

        return parquetOptions;
    }
}
