using System.Text;

namespace CodexHelper.Conversations;

/// <summary>
/// Recognises the 400 a provider gives for state another provider made: OpenAI's <c>invalid_encrypted_content</c>
/// ("The encrypted content for item … could not be verified", or "… could not be decrypted or parsed"), Anthropic's
/// "Invalid `signature` in `thinking` block" and its relatives. Matching is on the error text, case-insensitively,
/// since relays re-wrap the provider's error object but keep its message.
/// </summary>
internal static class ForeignStateError
{
    /// <summary>How much of an error body is looked at (the message sits near its start).</summary>
    public const int MaxBytes = 64 * 1024;

    public static bool Is(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Length > MaxBytes ? body[..MaxBytes] : body);
        if (Has(text, "invalid_encrypted_content"))
        {
            return true;
        }

        if (Has(text, "encrypted content") && (Has(text, "could not be verified") || Has(text, "could not be decrypted")))
        {
            return true;
        }

        return Has(text, "signature") && (Has(text, "thinking") || Has(text, "redacted")) && (Has(text, "invalid") || Has(text, "field required") || Has(text, "does not match"));
    }

    private static bool Has(string text, string needle) => text.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
