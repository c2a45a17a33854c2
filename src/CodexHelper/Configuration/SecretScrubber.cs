using System.Text.RegularExpressions;

namespace CodexHelper.Configuration;

/// <summary>
/// Masks keys inside the bodies the inspector shows and the capture writes (headers are masked when captured):
/// the upstream keys this proxy knows, wherever they appear, and text shaped like a key (provider prefixes such as
/// <c>sk-</c>, bearer tokens, JWTs, the values of JSON fields named like <c>api_key</c> or <c>password</c>).
/// A user may paste a key into a prompt; the page and the capture files must not show it.
/// </summary>
internal sealed partial class SecretScrubber(Func<IEnumerable<string>> knownSecrets)
{
    /// <summary>Shorter known secrets are not replaced: they would mask ordinary words.</summary>
    private const int MinKnownLength = 8;

    public static SecretScrubber PatternsOnly { get; } = new(static () => []);

    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in knownSecrets())
        {
            if (secret.Length >= MinKnownLength && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, SecretMask.Mask(secret), StringComparison.Ordinal);
            }
        }

        text = SecretField().Replace(text, static m => m.Value[..(m.Groups["v"].Index - m.Index)] + SecretMask.Mask(m.Groups["v"].Value) + "\"");
        return KeyShaped().Replace(text, static m => SecretMask.Mask(m.Value));
    }

    // Provider keys (OpenAI/Anthropic sk-, GitHub gh?_, Google AIza, Slack xox?-), what follows "Bearer ", and JWTs.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:(?:sk|rk|pk)[-_][A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_\-]{30,}|xox[abpr]-[A-Za-z0-9\-]{10,}|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})|(?<=[Bb]earer\s+)[A-Za-z0-9._~+/\-]{12,}=*")]
    private static partial Regex KeyShaped();

    // "api_key": "VALUE" and the like (not prompt_cache_key: a cache key is no secret and the inspector needs it).
    [GeneratedRegex(@"""(?:[a-z_\-]*api[_\-]?key|apikey|auth[_\-]?token|access[_\-]?token|refresh[_\-]?token|id[_\-]?token|client[_\-]?secret|private[_\-]?key|secret|password|passwd|authorization|token|key)""\s*:\s*""(?<v>[^""\\]{6,})""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretField();
}
