namespace Scorecard.Pipeline.Tests.Ingest;

/// <summary>One damage done to an extract's bytes by <see cref="HostileFuzzTests"/>; positions wrap around the content.</summary>
public sealed record HostileMutation(HostileMutationKind Kind, int Position, byte Value)
{
    public byte[] ApplyTo(byte[] content)
    {
        if (content.Length == 0)
        {
            return Kind == HostileMutationKind.InsertByte ? [Value] : content;
        }

        int at = Position % content.Length;
        var bytes = new List<byte>(content);
        switch (Kind)
        {
            case HostileMutationKind.FlipBit:
                bytes[at] ^= (byte)(1 << (Value % 8));
                break;
            case HostileMutationKind.InsertByte:
                bytes.Insert(at, Value);
                break;
            case HostileMutationKind.DeleteBytes:
                bytes.RemoveRange(at, Math.Min(1 + (Value % 16), bytes.Count - at));
                break;
            case HostileMutationKind.DuplicateDelimiter:
                Nth(bytes, (byte)',', at, i => bytes.Insert(i, (byte)','));
                break;
            case HostileMutationKind.DropDelimiter:
                Nth(bytes, (byte)',', at, bytes.RemoveAt);
                break;
            case HostileMutationKind.InsertQuote:
                bytes.Insert(at, (byte)'"');
                break;
            case HostileMutationKind.DropQuote:
                Nth(bytes, (byte)'"', at, bytes.RemoveAt);
                break;
            case HostileMutationKind.SwapFields:
                return SwapFields(content, at);
            case HostileMutationKind.Truncate:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case HostileMutationKind.DuplicateLine:
                int start = content.AsSpan(0, at).LastIndexOf((byte)'\n') + 1;
                int end = content.AsSpan(at).IndexOf((byte)'\n') is var n and >= 0 ? at + n + 1 : content.Length;
                bytes.InsertRange(end, content[start..end]);
                break;
            case HostileMutationKind.InsertLineBreak:
                bytes.Insert(at, Value % 2 == 0 ? (byte)'\n' : (byte)'\r');
                break;
        }

        return [.. bytes];
    }

    /// <summary>Acts on the first <paramref name="what"/> at or after <paramref name="from"/>, if any.</summary>
    private static void Nth(List<byte> bytes, byte what, int from, Action<int> act)
    {
        int i = bytes.IndexOf(what, from);
        if (i >= 0)
        {
            act(i);
        }
    }

    /// <summary>Swaps the field at <paramref name="at"/> with the next one on its line.</summary>
    private static byte[] SwapFields(byte[] content, int at)
    {
        string text = System.Text.Encoding.Latin1.GetString(content);
        int lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
        int lineEnd = text.IndexOf('\n', at) is var e and >= 0 ? e : text.Length;
        if (lineStart > lineEnd)
        {
            return content;
        }

        string[] fields = text[lineStart..lineEnd].Split(',');
        if (fields.Length < 2)
        {
            return content;
        }

        int f = at % (fields.Length - 1);
        (fields[f], fields[f + 1]) = (fields[f + 1], fields[f]);
        return System.Text.Encoding.Latin1.GetBytes(text[..lineStart] + string.Join(',', fields) + text[lineEnd..]);
    }
}
