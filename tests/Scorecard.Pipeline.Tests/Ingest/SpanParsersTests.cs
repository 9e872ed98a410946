using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class SpanParsersTests
{
    [Theory]
    [InlineData("2026-10-01T08:15:03Z", "2026-10-01T08:15:03.0000000Z")]
    [InlineData("2026-10-01 08:15:03Z", "2026-10-01T08:15:03.0000000Z")]
    [InlineData("2026-10-01T10:15:03+02:00", "2026-10-01T08:15:03.0000000Z")]
    [InlineData("2026-10-01T03:15:03-0500", "2026-10-01T08:15:03.0000000Z")]
    [InlineData("2026-10-01T08:15:03.250Z", "2026-10-01T08:15:03.2500000Z")]
    [InlineData("2026-10-01T00:30:00+01:00", "2026-09-30T23:30:00.0000000Z")]
    public void Timestamps_with_an_offset_are_stored_in_utc(string text, string expectedUtc)
    {
        string? error = SpanParsers.ParseTimestamp(text, out DateTime utc);

        Assert.Null(error);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expectedUtc, utc.ToString("O"));
    }

    [Theory]
    [InlineData("2026-10-01T08:15:03", "no UTC offset")]
    [InlineData("2026-02-30T08:15:03Z", "not a valid calendar date")]
    [InlineData("9999-10-01T08:15:03Z", "year 9999")]
    [InlineData("2026-10-01T25:15:03Z", "time of day out of range")]
    [InlineData("01/10/2026 08:15", "not an ISO 8601 timestamp")]
    [InlineData("2026-10-01T08:15:03+25:00", "offset out of range")]
    public void Malformed_timestamps_are_explained(string text, string expected)
    {
        string? error = SpanParsers.ParseTimestamp(text, out _);

        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("86400", 86400)]
    [InlineData("+7", 7)]
    public void Whole_numbers_in_range_parse(string text, int expected)
    {
        Assert.Null(SpanParsers.ParseInteger(text, 0, 86_400, out int value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("-5", "out of range 0..86400")]
    [InlineData("1000000000000", "out of range")]
    [InlineData("1,200", "not a whole number")]
    [InlineData("12.5", "not a whole number")]
    [InlineData("-", "not a whole number")]
    public void Bad_whole_numbers_are_explained(string text, string expected)
    {
        string? error = SpanParsers.ParseInteger(text, 0, 86_400, out _);

        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Decimals_reject_thousands_separators_and_extra_precision()
    {
        Assert.Null(SpanParsers.ParseDecimal("1234.5", 0, 10_000, out decimal value));
        Assert.Equal(1234.5m, value);
        Assert.Contains("thousands", SpanParsers.ParseDecimal("1,234.5", 0, 10_000, out _));
        Assert.Contains("more than 4 decimals", SpanParsers.ParseDecimal("1.23456", 0, 10_000, out _));
        Assert.Contains("out of range", SpanParsers.ParseDecimal("-1", 0, 10_000, out _));
    }

    [Fact]
    public void Text_with_invalid_utf8_or_control_characters_is_refused()
    {
        Assert.Null(SpanParsers.CheckText("Zoë's queue\tok", 64));
        Assert.Contains("not valid UTF-8", SpanParsers.CheckText("bad\uFFFDbyte", 64));
        Assert.Contains("U+0000", SpanParsers.CheckText("nul\0", 64));
        Assert.Contains("at most 3", SpanParsers.CheckText("abcd", 3));
    }

    [Fact]
    public void Long_bad_values_are_shortened_in_messages()
    {
        string error = SpanParsers.ParseInteger(new string('x', 10_000), 0, 10, out _)!;

        Assert.True(error.Length < 80, error);
    }
}
