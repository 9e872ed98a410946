using Scorecard.Pipeline.Ingest;

namespace Scorecard.Pipeline.Tests.Ingest;

public sealed class PseudonymizerTests
{
    // Test vectors of the SipHash paper (Aumasson and Bernstein, 2012, appendix A): key 00 01 .. 0f, message 00 01 .. (n-1).
    [Theory]
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
    public void SipHash_matches_the_published_test_vectors(int length, ulong expected)
    {
        byte[] key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        byte[] message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        ulong hash = SipHash.FromKey(key).Hash(message);

        Assert.Equal(expected, hash);
    }

    [Fact]
    public void Pseudonyms_are_stable_per_key_and_differ_between_keys_and_ids()
    {
        var first = new Pseudonymizer("key-one");
        var again = new Pseudonymizer("key-one");
        var other = new Pseudonymizer("key-two");

        long a = first.Pseudonymize("K0000001");

        Assert.Equal(a, again.Pseudonymize("K0000001"));
        Assert.NotEqual(a, other.Pseudonymize("K0000001"));
        Assert.NotEqual(a, first.Pseudonymize("K0000002"));
        Assert.True(a >= 0);
    }
}
