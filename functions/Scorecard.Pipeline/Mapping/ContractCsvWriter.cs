using System.Text;

namespace Scorecard.Pipeline.Mapping;

/// <summary>Writes mapped rows as a contract-shaped CSV (RFC 4180), with the source row number as a last column that
/// the extract parser reads as lineage (<see cref="SourceRowColumn"/>).</summary>
internal sealed class ContractCsvWriter : IDisposable
{
    public const string SourceRowColumn = "scorecard_source_row";

    /// <summary>Last column: empty, or <c>column|reason</c> when the mapping could not convert a value of the row.</summary>
    public const string ProblemColumn = "scorecard_mapping_problem";

    private readonly StreamWriter _writer;

    public ContractCsvWriter(string file, IEnumerable<string> columns)
    {
        _writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16);
        _writer.Write(string.Join(',', columns.Append(SourceRowColumn).Append(ProblemColumn)));
        _writer.Write('\n');
    }

    public long Rows { get; private set; }

    public void Write(IReadOnlyList<string> values, long sourceRow, string? problem)
    {
        foreach (string value in values)
        {
            WriteField(value);
            _writer.Write(',');
        }

        _writer.Write(sourceRow);
        _writer.Write(',');
        WriteField(problem ?? "");
        _writer.Write('\n');
        Rows++;
    }

    private void WriteField(string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }
        else
        {
            _writer.Write(value);
        }
    }

    public void Dispose() => _writer.Dispose();
}
