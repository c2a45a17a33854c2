namespace CodexHelper.Configuration;

/// <summary>Renders a key so that a user can tell keys apart without the key leaking: <c>sk-...abcd</c>.</summary>
internal static class SecretMask
{
    public static string Mask(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "(none)";
        }

        if (secret.Length <= 8)
        {
            return "***";
        }

        var dash = secret.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash is > 0 and <= 6 ? secret[..(dash + 1)] : "";
        return $"{prefix}...{secret[^4..]}";
    }
}
