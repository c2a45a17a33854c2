using System.Security.Cryptography;
using System.Text;
using CodexHelper.Wire;

namespace CodexHelper.Conversations;

/// <summary>
/// Who can read a piece of provider-bound state: the protocol the upstream was spoken to in, its base_url and the key
/// the proxy sent it. Kept as a one-way fingerprint, so the memory never holds a key; the same relay and key under
/// another config (after <c>config set-active</c>) is the same minter, and the same relay with another key (another
/// account) is not.
/// </summary>
internal static class MinterId
{
    public static ulong Of(WireProtocol protocol, string baseUrl, string? bearerToken, string? apiKey)
    {
        var text = $"{protocol.Name()}\n{baseUrl.TrimEnd('/')}\n{bearerToken}\n{apiKey}";
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BitConverter.ToUInt64(digest);
    }
}
