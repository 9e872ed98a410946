using System.Text;
using System.Text.Json;
using Scorecard.Pipeline.Ingest;
using Sylvan.Data.Csv;

namespace Scorecard.Pipeline.Mapping;

/// <summary>
/// Streams a source file through a mapping: every record is dropped with a counted reason or written, per dataset it
/// feeds, as a row of a contract-shaped CSV in a work folder. Those files then go through the ordinary extract parser,
/// so validation, quarantine, audit and lineage are the same as for a contract extract. Memory is one record.
/// Throws <see cref="RejectedExtractException"/> when the file as a whole cannot be read with this mapping, or holds a
/// record larger than <see cref="IngestOptions.MaxRecordChars"/> (the same limit as a contract extract's).
/// </summary>
internal sealed class MappingRunner(SourceMapping mapping, IngestOptions options)
{
    private const int ProblemsKept = 20;

    public async Task<MappingRun> RunAsync(Stream content, string workDirectory, CancellationToken cancellationToken)
    {
        var writers = mapping.Outputs.Select((o, i) => new ContractCsvWriter(
            Path.Combine(workDirectory, $"{i}-{o.Contract.Source}-{o.Contract.Name}.csv"), o.Columns.Select(c => c.Column.Name))).ToList();
        var dropped = mapping.Outputs.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToList();
        var problems = new List<MappingProblem>();
        long problemCount = 0;
        long[] datasetProblems = new long[mapping.Outputs.Count];
        long rows = 0;
        long blank = 0;
        string[] values = new string[mapping.Outputs.Max(o => o.Columns.Count)];
        try
        {
            void Map(SourceRecord record)
            {
                rows++;
                record.RowNumber = rows;
                DropRule? drop = mapping.Drops.FirstOrDefault(d => d.When.Holds(record));
                for (int o = 0; o < mapping.Outputs.Count; o++)
                {
                    MappingOutput output = mapping.Outputs[o];
                    DropRule? skip = drop ?? output.Skip.FirstOrDefault(s => s.When.Holds(record));
                    if (skip is not null)
                    {
                        dropped[o][skip.Reason] = dropped[o].GetValueOrDefault(skip.Reason) + 1;
                        continue;
                    }

                    string? firstColumn = null;
                    var rowProblems = new List<string>();
                    for (int c = 0; c < output.Columns.Count; c++)
                    {
                        MappedValue value = output.Columns[c].Value.Evaluate(record);
                        if (value.IsProblem)
                        {
                            firstColumn ??= output.Columns[c].Column.Name;
                            rowProblems.Add($"{output.Columns[c].Column.Name}: {value.Problem}");
                            problemCount++;
                            datasetProblems[o]++;
                            if (problems.Count < ProblemsKept)
                            {
                                problems.Add(new MappingProblem(rows, output.Contract.Id, output.Columns[c].Column.Name, value.Problem!));
                            }
                        }

                        values[c] = value.Format();
                    }

                    string? problem = firstColumn is null ? null : $"{firstColumn}|mapping '{mapping.Name}': {string.Join("; ", rowProblems)}";
                    writers[o].Write(new ArraySegment<string>(values, 0, output.Columns.Count), rows, problem);
                }
            }

            if (mapping.Format == SourceFormat.Json)
            {
                await ReadJsonAsync(content, Map, cancellationToken);
            }
            else
            {
                blank = ReadDelimited(content, Map, cancellationToken);
            }
        }
        finally
        {
            writers.ForEach(w => w.Dispose());
        }

        var datasets = mapping.Outputs.Select((o, i) => new MappedDataset(o.Contract,
            Path.Combine(workDirectory, $"{i}-{o.Contract.Source}-{o.Contract.Name}.csv"), writers[i].Rows, dropped[i], datasetProblems[i])).ToList();
        return new MappingRun(mapping.Name, rows, blank, datasets, problemCount, problems);
    }

    private long ReadDelimited(Stream content, Action<SourceRecord> map, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(content, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = true, Delimiter = mapping.Delimiter, BufferSize = 1 << 16, MaxBufferSize = options.MaxRecordChars,
            });
        }
        catch (CsvMissingHeadersException)
        {
            throw new RejectedExtractException("the file is empty: no header row");
        }
        catch (CsvFormatException e)
        {
            throw new RejectedExtractException($"the header row cannot be read: {e.Message}");
        }

        using (csv)
        {
            string[] header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToArray();
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < header.Length; i++)
            {
                index.TryAdd(header[i], i);
            }

            string[] missing = mapping.SourceColumns.Where(c => !index.ContainsKey(c)).ToArray();
            if (missing.Length > 0)
            {
                string separator = mapping.Delimiter == '\t' ? "tab" : $"'{mapping.Delimiter}'";
                throw new RejectedExtractException(
                    $"the mapping reads column{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
                    $"that the file does not have (its header, split on {separator}: {SpanParsers.Shorten(string.Join(", ", header))})");
            }

            var record = new CsvSourceRecord(csv, index, mapping.NullValues);
            long blank = 0;
            long read = 0;
            while (ExtractParser.ReadRecord(csv, read))
            {
                if (csv.RowFieldCount == 1 && header.Length > 1 && csv.GetFieldSpan(0).IsWhiteSpace())
                {
                    blank++;
                    continue;
                }

                read++;
                if ((read & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                map(record);
            }

            return blank;
        }
    }

    private async Task ReadJsonAsync(Stream content, Action<SourceRecord> map, CancellationToken cancellationToken)
    {
        var record = new JsonSourceRecord(mapping.NullValues);
        await foreach (JsonElement element in new JsonRecordReader(content, options.MaxRecordChars).ReadAllAsync(cancellationToken))
        {
            record.Record = element;
            map(record);
        }
    }
}
