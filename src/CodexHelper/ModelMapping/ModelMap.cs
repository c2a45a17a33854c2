namespace CodexHelper.ModelMapping;

/// <summary>
/// An upstream's ordered <c>model_map</c>: the first rule that matches the requested model decides what the
/// upstream is asked for. Immutable once built, so one instance serves all requests.
/// </summary>
internal sealed class ModelMap
{
    private readonly ModelMapRule[] _rules;

    private ModelMap(ModelMapRule[] rules) => _rules = rules;

    public static ModelMap Empty { get; } = new([]);

    public IReadOnlyList<ModelMapRule> Rules => _rules;

    public bool IsEmpty => _rules.Length == 0;

    /// <summary>Compiles the rules; invalid ones are skipped here (the config validator reports them before a config is used).</summary>
    public static ModelMap From(IReadOnlyList<string>? rules)
    {
        if (rules is null || rules.Count == 0)
        {
            return Empty;
        }

        var compiled = new List<ModelMapRule>(rules.Count);
        foreach (var text in rules)
        {
            if (ModelMapRule.TryParse(text, out _) is { } rule)
            {
                compiled.Add(rule);
            }
        }

        return compiled.Count == 0 ? Empty : new ModelMap([.. compiled]);
    }

    /// <summary>The first problem in <paramref name="rules"/> as "[i]: what", or null when all parse.</summary>
    public static string? FirstProblem(IReadOnlyList<string>? rules)
    {
        for (var i = 0; rules is not null && i < rules.Count; i++)
        {
            if (ModelMapRule.TryParse(rules[i], out var problem) is null)
            {
                return $"[{i}]: {problem}";
            }
        }

        return null;
    }

    /// <summary>The model to send upstream: the first matching rule's result, else <paramref name="model"/> itself.</summary>
    public string Map(string model)
    {
        foreach (var rule in _rules)
        {
            if (rule.Apply(model) is { } mapped)
            {
                return mapped;
            }
        }

        return model;
    }
}
