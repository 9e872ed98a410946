using System.Buffers;
using System.Globalization;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Allocation-free parsers for CSV fields. Each returns null on success or the reason a value is wrong,
/// phrased for a person reading the quarantine file.
/// </summary>
internal static class SpanParsers
{
    private const int MinYear = 1990;
    private const int MaxYear = 2099;

    /// <summary>Control characters (tab excluded) and U+FFFD, the decoder's stand-in for invalid UTF-8.</summary>
    private static readonly SearchValues<char> s_badText = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f\ufffd");

    public static string? CheckText(ReadOnlySpan<char> s, int maxLength)
    {
        if (s.Length > maxLength)
        {
            return $"is {s.Length} characters long; at most {maxLength} allowed";
        }

        int bad = s.IndexOfAny(s_badText);
        if (bad < 0)
        {
            return null;
        }

        return s[bad] == '\ufffd'
            ? "contains bytes that are not valid UTF-8"
            : $"contains control character U+{(int)s[bad]:X4}";
    }

    /// <summary>ISO 8601 <c>yyyy-MM-ddTHH:mm:ss[.fffffff](Z|±hh:mm|±hhmm)</c>; 'T' may be a space. Returns UTC.</summary>
    public static string? ParseTimestamp(ReadOnlySpan<char> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 19)
        {
            return NotATimestamp;
        }

        if (ParseDateCore(s[..10], out int y, out int mo, out int d) is { } dateError)
        {
            return dateError;
        }

        if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':'
            || !TwoDigits(s, 11, out int h) || !TwoDigits(s, 14, out int mi) || !TwoDigits(s, 17, out int sec))
        {
            return NotATimestamp;
        }

        if (h > 23 || mi > 59 || sec > 59)
        {
            return "has a time of day out of range";
        }

        int i = 19;
        long fractionTicks = 0;
        if (i < s.Length && (s[i] == '.' || s[i] == ','))
        {
            i++;
            int start = i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
                i++;
            }

            if (i == start || i - start > 9)
            {
                return NotATimestamp;
            }
        }

        if (i >= s.Length)
        {
            return "has no UTC offset (add Z or +hh:mm)";
        }

        int offsetMinutes;
        ReadOnlySpan<char> zone = s[i..];
        if (zone.Length == 1 && (zone[0] == 'Z' || zone[0] == 'z'))
        {
            offsetMinutes = 0;
        }
        else if ((zone[0] == '+' || zone[0] == '-')
            && ((zone.Length == 6 && zone[3] == ':' && TwoDigits(zone, 1, out int oh) && TwoDigits(zone, 4, out int om))
                || (zone.Length == 5 && TwoDigits(zone, 1, out oh) && TwoDigits(zone, 3, out om))))
        {
            if (oh > 14 || om > 59)
            {
                return "has a UTC offset out of range";
            }

            offsetMinutes = (zone[0] == '-' ? -1 : 1) * ((oh * 60) + om);
        }
        else
        {
            return NotATimestamp;
        }

        long ticks = new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Utc).Ticks + fractionTicks
            - (offsetMinutes * TimeSpan.TicksPerMinute);
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return null;
    }

    public static string? ParseDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10)
        {
            return "is not a date yyyy-mm-dd";
        }

        if (ParseDateCore(s, out int y, out int m, out int d) is { } error)
        {
            return error;
        }

        date = new DateOnly(y, m, d);
        return null;
    }

    public static string? ParseInteger(ReadOnlySpan<char> s, long min, long max, out int value)
    {
        value = 0;
        bool negative = false;
        int i = 0;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        if (i == s.Length || s.Length - i > 18)
        {
            return s.Length - i > 18 ? $"'{Shorten(s)}' is out of range {min}..{max}" : $"'{Shorten(s)}' is not a whole number";
        }

        long v = 0;
        for (; i < s.Length; i++)
        {
            uint digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                return $"'{Shorten(s)}' is not a whole number";
            }

            v = (v * 10) + digit;
        }

        if (negative)
        {
            v = -v;
        }

        if (v < min || v > max)
        {
            return $"{v} is out of range {min}..{max}";
        }

        value = (int)v;
        return null;
    }

    public static string? ParseDecimal(ReadOnlySpan<char> s, decimal min, decimal max, out decimal value)
    {
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (!decimal.TryParse(s, styles, CultureInfo.InvariantCulture, out value))
        {
            return $"'{Shorten(s)}' is not a decimal number (use a dot, no thousands separators)";
        }

        int dot = s.IndexOf('.');
        if (dot >= 0 && s.Length - dot - 1 > 4)
        {
            return $"'{Shorten(s)}' has more than 4 decimals";
        }

        return value < min || value > max ? $"{value.ToString(CultureInfo.InvariantCulture)} is out of range {min}..{max}" : null;
    }

    public static string? ParseBoolean(ReadOnlySpan<char> s, out bool value)
    {
        value = s.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || s.Equals("false", StringComparison.OrdinalIgnoreCase) ? null : $"'{Shorten(s)}' is not true or false";
    }

    /// <summary>At most 40 characters of a bad value, for messages (a 10 MB field must not become a 10 MB message).</summary>
    /// <summary>A value as shown in a reason: at most 40 characters, control characters (NUL, ...) written as <c>\u0000</c>,
    /// so a reason never carries raw control bytes into the quarantine file or a log.</summary>
    public static string Shorten(ReadOnlySpan<char> s)
    {
        string shown = s.Length <= 40 ? s.ToString() : string.Concat(s[..37], "...");
        if (!shown.Any(char.IsControl))
        {
            return shown;
        }

        var escaped = new System.Text.StringBuilder(shown.Length + 16);
        foreach (char c in shown)
        {
            escaped.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return escaped.ToString();
    }

    private const string NotATimestamp = "is not an ISO 8601 timestamp with offset (e.g. 2026-10-01T08:15:03Z)";

    private static string? ParseDateCore(ReadOnlySpan<char> s, out int y, out int m, out int d)
    {
        y = m = d = 0;
        if (s[4] != '-' || s[7] != '-' || !TwoDigits(s, 0, out int c) || !TwoDigits(s, 2, out int yy)
            || !TwoDigits(s, 5, out m) || !TwoDigits(s, 8, out d))
        {
            return "is not a date yyyy-mm-dd";
        }

        y = (c * 100) + yy;
        if (y < MinYear || y > MaxYear)
        {
            return $"has year {y}, outside {MinYear}-{MaxYear}";
        }

        return m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m) ? "is not a valid calendar date" : null;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        uint a = (uint)(s[at] - '0');
        uint b = (uint)(s[at + 1] - '0');
        value = (int)((a * 10) + b);
        return a <= 9 && b <= 9;
    }
}
