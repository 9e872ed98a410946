using Scorecard.Pipeline.Storage;

namespace Scorecard.Pipeline.Tests.Storage;

public sealed class BlobPathTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("contacts/2024/01/part-0.parquet")]
    [InlineData(".hidden")]
    [InlineData("a/.b/c")]
    [InlineData("a..b/c.")]
    [InlineData("spaces are fine/and unicode é")]
    public void Valid_path_is_accepted(string path)
    {
        var exception = Record.Exception(() => BlobPath.Validate(StoreContainers.Lake, path));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/a", "starts with '/'")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a//b", "segment 2 is empty")]
    [InlineData("a/", "ends with '/'")]
    [InlineData(".", "segment 1 is '.'")]
    [InlineData("..", "segment 1 is '..'")]
    [InlineData("../x", "segment 1 is '..'")]
    [InlineData("a/./b", "segment 2 is '.'")]
    [InlineData("a/b/..", "segment 3 is '..'")]
    [InlineData("a\0b", "control character \\u0000")]
    [InlineData("a\tb", "control character \\u0009")]
    [InlineData("a\nb", "control character \\u000A")]
    public void Invalid_path_is_rejected_with_a_message_naming_the_problem(string path, string problem)
    {
        var exception = Assert.Throws<InvalidBlobPathException>(() => BlobPath.Validate(StoreContainers.Lake, path));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        Assert.Equal(path, exception.BlobPath);
        Assert.Equal(StoreContainers.Lake, exception.Container);
    }

    [Fact]
    public void Message_names_the_path_with_control_characters_made_visible()
    {
        var exception = Assert.Throws<InvalidBlobPathException>(() => BlobPath.Validate(StoreContainers.Lake, "runs/a\0b.json"));

        Assert.StartsWith("Invalid blob path 'runs/a\\u0000b.json' in container 'lake': ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_of_255_bytes_is_accepted_and_256_is_rejected()
    {
        var longest = new string('a', 255);

        BlobPath.Validate(StoreContainers.Lake, $"x/{longest}");
        var exception = Assert.Throws<InvalidBlobPathException>(() => BlobPath.Validate(StoreContainers.Lake, $"x/{longest}a"));

        Assert.Contains("segment 2 is 256 UTF-8 bytes long", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_length_counts_utf8_bytes_because_file_systems_do()
    {
        var segment = new string('é', 128);

        var exception = Assert.Throws<InvalidBlobPathException>(() => BlobPath.Validate(StoreContainers.Lake, segment));

        Assert.Contains("256 UTF-8 bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_of_1024_characters_is_accepted_and_1025_is_rejected()
    {
        var path = string.Join('/', Enumerable.Repeat(new string('a', 99), 10)) + "/" + new string('b', 24);
        Assert.Equal(1024, path.Length);

        BlobPath.Validate(StoreContainers.Lake, path);
        var exception = Assert.Throws<InvalidBlobPathException>(() => BlobPath.Validate(StoreContainers.Lake, path + "c"));

        Assert.Contains("1025 characters", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lake")]
    [InlineData("staging")]
    [InlineData("")]
    public void Unknown_container_is_rejected(string container)
    {
        var exception = Assert.Throws<InvalidBlobPathException>(() => BlobPath.Validate(container, "a.txt"));

        Assert.Contains("unknown container (expected one of landing, lake, quarantine, mart, exports, state)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("runs/")]
    [InlineData("runs/2024-0")]
    [InlineData("runs/.")]
    [InlineData("runs/..")]
    public void Prefix_may_be_empty_end_with_a_slash_or_stop_mid_name(string prefix)
    {
        var exception = Record.Exception(() => BlobPath.ValidatePrefix(StoreContainers.Lake, prefix));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData("/runs")]
    [InlineData("runs//")]
    [InlineData("../runs")]
    [InlineData("runs\\")]
    [InlineData("runs\0")]
    public void Prefix_that_no_valid_path_could_start_with_is_rejected(string prefix)
    {
        Assert.Throws<InvalidBlobPathException>(() => BlobPath.ValidatePrefix(StoreContainers.Lake, prefix));
    }

    [Fact]
    public void Combine_joins_segments_with_single_slashes()
    {
        var path = BlobPath.Combine("contacts/", "/2024", "01", "part-0.parquet");

        Assert.Equal("contacts/2024/01/part-0.parquet", path);
    }

    [Theory]
    [InlineData("a", "", "b")]
    [InlineData("a", "..")]
    [InlineData("a", "b\\c")]
    public void Combine_rejects_segments_that_make_an_invalid_path(params string[] segments)
    {
        Assert.Throws<InvalidBlobPathException>(() => BlobPath.Combine(segments));
    }
}
