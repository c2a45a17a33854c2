using System.Security.Cryptography;
using System.Text;

namespace CodexHelper.Gateway;

/// <summary>
/// Making and checking client tokens. A token is <c>chg-</c> + 32 base64url characters (192 random bits), so it
/// is recognisable in a leaked file and cannot be guessed; with that much entropy an unsalted SHA-256 is enough
/// to store it (there is no dictionary to try), and the hash is all tokens.json holds.
/// </summary>
internal static class TokenSecret
{
    public const string Prefix = "chg-";
    private const int RandomBytes = 24;
    private const string HashPrefix = "sha256:";

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        return Prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token) => HashPrefix + Convert.ToHexStringLower(Digest(token));

    public static byte[] Digest(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        return SHA256.HashData(bytes);
    }

    /// <summary>The digest stored in a <c>sha256:…</c> hash, or null when the text is not one.</summary>
    public static byte[]? ParseHash(string hash)
    {
        if (!hash.StartsWith(HashPrefix, StringComparison.Ordinal) || hash.Length != HashPrefix.Length + 64)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(hash.AsSpan(HashPrefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
