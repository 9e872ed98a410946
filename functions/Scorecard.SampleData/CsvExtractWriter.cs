using System.Globalization;
using System.IO.Compression;
using System.Text;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.SampleData;

/// <summary>
/// Writes one extract file in the contract's header order: RFC 4180 quoting where needed, UTF-8 without BOM,
/// <c>\n</c> line endings, UTC timestamps to the second, dot decimals, <c>true</c>/<c>false</c>, empty for missing.
/// </summary>
internal sealed class CsvExtractWriter : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly StreamWriter _writer;
    private readonly int _columns;
    private int _column;

    public CsvExtractWriter(string localPath, DatasetContract contract, bool compress)
    {
        Contract = contract;
        LocalPath = localPath;
        _columns = contract.Columns.Count;
        Stream stream = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        if (compress)
        {
            stream = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: false);
        }

        _writer = new StreamWriter(stream, Utf8NoBom, 1 << 16) { NewLine = "\n" };
        foreach (ColumnContract column in contract.Columns)
        {
            Text(column.Name);
        }

        EndRow();
        Rows = 0;
    }

    public DatasetContract Contract { get; }

    public string LocalPath { get; }

    /// <summary>Data rows written so far.</summary>
    public long Rows { get; private set; }

    public void Text(string? value)
    {
        Separate();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return;
        }

        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    public void Empty() => Separate();

    public void Integer(long value)
    {
        Separate();
        Span<char> buffer = stackalloc char[20];
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        _writer.Write(buffer[..written]);
    }

    public void OptionalInteger(int? value)
    {
        if (value is { } v)
        {
            Integer((long)v);
        }
        else
        {
            Separate();
        }
    }

    /// <summary>At most two decimals, no trailing zeros, dot separator.</summary>
    public void Decimal(decimal value)
    {
        Separate();
        Span<char> buffer = stackalloc char[32];
        Math.Round(value, 2, MidpointRounding.AwayFromZero).TryFormat(buffer, out int written, "0.##", CultureInfo.InvariantCulture);
        _writer.Write(buffer[..written]);
    }

    public void Boolean(bool? value)
    {
        Separate();
        if (value is { } v)
        {
            _writer.Write(v ? "true" : "false");
        }
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c>; the value must be UTC.</summary>
    public void Timestamp(DateTime? value)
    {
        Separate();
        if (value is { } v)
        {
            Span<char> buffer = stackalloc char[20];
            v.TryFormat(buffer, out int written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            _writer.Write(buffer[..written]);
        }
    }

    public void Date(DateOnly? value)
    {
        Separate();
        if (value is { } v)
        {
            Span<char> buffer = stackalloc char[10];
            v.TryFormat(buffer, out int written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            _writer.Write(buffer[..written]);
        }
    }

    public void EndRow()
    {
        if (_column != _columns)
        {
            throw new InvalidOperationException($"{Contract.Id}: row has {_column} fields, the contract has {_columns} columns.");
        }

        _writer.Write('\n');
        _column = 0;
        Rows++;
    }

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync().ConfigureAwait(false);

    private void Separate()
    {
        if (_column++ > 0)
        {
            _writer.Write(',');
        }
    }
}
