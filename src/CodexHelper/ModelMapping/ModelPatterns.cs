namespace CodexHelper.ModelMapping;

/// <summary>
/// An upstream's <c>models</c>: the models it serves, each a name or a prefix ending in <c>*</c>.
/// No list means it serves every model.
/// </summary>
internal static class ModelPatterns
{
    public static bool Serves(IReadOnlyList<string>? patterns, string? model)
    {
        if (patterns is null || patterns.Count == 0 || model is null)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith('*')
                ? model.AsSpan().StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : string.Equals(model, pattern, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first problem as "[i]: what", or null.</summary>
    public static string? FirstProblem(IReadOnlyList<string>? patterns)
    {
        for (var i = 0; patterns is not null && i < patterns.Count; i++)
        {
            var p = patterns[i];
            if (string.IsNullOrWhiteSpace(p) || p.AsSpan(0, p.Length - 1).Contains('*'))
            {
                return $"[{i}]: '{p}' is not a model name or a prefix ending in '*'";
            }
        }

        return null;
    }
}
