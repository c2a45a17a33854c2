namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>Tool-use ids as Anthropic accepts them: <c>[A-Za-z0-9_-]+</c>.</summary>
internal static class AnthropicIds
{
    public static string Sanitize(string id)
    {
        if (id.Length == 0)
        {
            return "call";
        }

        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_' && chars[i] != '-')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
