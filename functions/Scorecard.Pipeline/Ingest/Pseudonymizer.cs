using System.Security.Cryptography;
using System.Text;

namespace Scorecard.Pipeline.Ingest;

/// <summary>
/// Replaces customer identifiers by a keyed hash: the first 128 bits of HMAC-SHA-256(key, UTF-8 id), as 32 lowercase
/// hex characters. The same key gives the same pseudonym in every dataset, so contacts and cases still join; without
/// the key nobody can recompute a pseudonym from a known id.
/// </summary>
internal sealed class Pseudonymizer : IDisposable
{
    private readonly IncrementalHash _hmac;
    private readonly CharArena _arena = new();
    private readonly byte[] _utf8 = new byte[1024];
    private readonly byte[] _hash = new byte[32];

    public Pseudonymizer(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Pseudonym of <paramref name="id"/>; the memory stays valid until <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<char> Pseudonymize(ReadOnlySpan<char> id)
    {
        Span<char> hex = stackalloc char[32];
        Write(id, hex);
        return _arena.Store(hex);
    }

    public string PseudonymizeToString(ReadOnlySpan<char> id)
    {
        Span<char> hex = stackalloc char[32];
        Write(id, hex);
        return hex.ToString();
    }

    /// <summary>Frees the pseudonyms handed out since the last reset (after each row group).</summary>
    public void Reset() => _arena.Reset();

    public void Dispose() => _hmac.Dispose();

    private void Write(ReadOnlySpan<char> id, Span<char> hex)
    {
        int n = Encoding.UTF8.GetBytes(id, _utf8);
        _hmac.AppendData(_utf8.AsSpan(0, n));
        _hmac.GetHashAndReset(_hash);
        Convert.TryToHexStringLower(_hash.AsSpan(0, 16), hex, out _);
    }
}
