namespace CodexHelper.ModelMapping;

/// <summary>
/// One <c>FROM=TO</c> rule of an upstream's <c>model_map</c>. <c>FROM</c> is a model name, or a prefix when it
/// ends in <c>*</c>; a prefix rule's <c>TO</c> may use <c>*</c> for the rest of the name
/// (<c>gpt-5*=openai/gpt-5*</c> maps <c>gpt-5-codex</c> to <c>openai/gpt-5-codex</c>).
/// </summary>
internal sealed record ModelMapRule(string From, string To, bool IsPrefix)
{
    /// <summary>The rule, or a one-line problem naming what is wrong with <paramref name="text"/>.</summary>
    public static ModelMapRule? TryParse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "empty rule (expected FROM=TO)";
            return null;
        }

        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            problem = $"'{text}' has no '=' (expected FROM=TO, e.g. gpt-5=openai/gpt-5)";
            return null;
        }

        var from = text[..eq].Trim();
        var to = text[(eq + 1)..].Trim();
        var isPrefix = from.EndsWith('*');
        if (isPrefix)
        {
            from = from[..^1];
        }

        if (from.Contains('*', StringComparison.Ordinal))
        {
            problem = $"'{text}': '*' may only end FROM (a prefix match)";
            return null;
        }

        if (from.Length == 0 && !isPrefix)
        {
            problem = $"'{text}' has an empty FROM";
            return null;
        }

        if (to.Length == 0 || to == "*")
        {
            problem = $"'{text}' has an empty TO";
            return null;
        }

        var stars = to.Count(c => c == '*');
        if (stars > 1 || (stars == 1 && !isPrefix))
        {
            problem = isPrefix
                ? $"'{text}': TO may use '*' at most once (for the rest of the name)"
                : $"'{text}': TO may use '*' only when FROM ends in '*'";
            return null;
        }

        return new ModelMapRule(from, to, isPrefix);
    }

    /// <summary>What <paramref name="model"/> becomes under this rule, or null when the rule does not match it.</summary>
    public string? Apply(string model)
    {
        if (!IsPrefix)
        {
            return string.Equals(model, From, StringComparison.Ordinal) ? To : null;
        }

        if (!model.StartsWith(From, StringComparison.Ordinal))
        {
            return null;
        }

        var star = To.IndexOf('*', StringComparison.Ordinal);
        return star < 0 ? To : string.Concat(To.AsSpan(0, star), model.AsSpan(From.Length), To.AsSpan(star + 1));
    }

    public override string ToString() => $"{From}{(IsPrefix ? "*" : "")}={To}";
}
