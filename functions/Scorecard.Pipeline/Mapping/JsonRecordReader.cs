using System.Text.Json;
using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Mapping;

/// <summary>Reads the records of a JSON export one at a time, holding one record in memory.</summary>
/// <remarks>The file is one array of records, or records one after another (one per line or not). It is rejected
/// (<see cref="RejectedExtractException"/>, naming the record and its line) when it has no records, or a record is
/// not an object, is larger than <c>maxRecordBytes</c>, is nested deeper than 64 levels or is not valid JSON (an
/// unterminated file among them).</remarks>
internal sealed class JsonRecordReader(Stream content, int maxRecordBytes)
{
    private const int MaxDepth = 64;

    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private bool _started;
    private JsonReaderState _state;

    /// <summary>Records read so far.</summary>
    public long Records { get; private set; }

    /// <summary>Each record in turn; an element is valid until the next one is asked for.</summary>
    public async IAsyncEnumerable<JsonElement> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            JsonDocument? record;
            bool more;
            while (!TryNext(out record, out more))
            {
                await FillAsync(cancellationToken);
            }

            if (!more)
            {
                yield break;
            }

            using (record)
            {
                yield return record!.RootElement;
            }
        }
    }

    /// <summary>The next record from the buffered bytes: false when more bytes are needed first; <paramref name="more"/>
    /// false at the end of the records.</summary>
    private bool TryNext(out JsonDocument? record, out bool more)
    {
        record = null;
        more = true;
        if (!_started && !TryStart())
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (!reader.Read())
            {
                more = false;
                return _final;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Consume(ref reader);
                return TryNext(out record, out more);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RejectedExtractException($"record {Records + 1} is not a JSON object (it is {Kind(reader.TokenType)})");
            }

            int from = (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                return false;
            }

            record = JsonDocument.Parse(_buffer.AsMemory(_start + from, (int)reader.BytesConsumed - from), new JsonDocumentOptions { MaxDepth = MaxDepth });
            Records++;
            Consume(ref reader);
            return true;
        }
        catch (JsonException e)
        {
            throw new RejectedExtractException($"after record {Records}: not valid JSON ({e.Message})");
        }
    }

    /// <summary>Skips a byte order mark and white space to see whether the records are in an array.</summary>
    private bool TryStart()
    {
        if (_start == 0 && _end - _start >= 3 && _buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
        {
            _start = 3;
        }

        int first = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return _final ? throw new RejectedExtractException("the file is empty: no JSON records") : false;
        }

        bool array = _buffer[_start + first] == '[';
        _state = new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = !array, MaxDepth = MaxDepth });
        _started = true;
        if (array)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            reader.Read();
            Consume(ref reader);
        }

        return true;
    }

    private void Consume(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    /// <summary>Reads more bytes after those not yet consumed, growing the buffer up to the largest record accepted.</summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_final)
        {
            throw new InvalidOperationException("the JSON reader asked for bytes after the end of the file");
        }

        int pending = _end - _start;
        if (pending == _buffer.Length)
        {
            if (_buffer.Length >= maxRecordBytes)
            {
                throw new RejectedExtractException(
                    $"record {Records + 1} is larger than the largest record accepted ({maxRecordBytes:N0} bytes; Ingest:MaxRecordChars)");
            }

            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, maxRecordBytes));
        }

        _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        _start = 0;
        _end = pending;
        int read = await content.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        _final = read == 0;
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray or JsonTokenType.EndArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };
}
