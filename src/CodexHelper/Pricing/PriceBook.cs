using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace CodexHelper.Pricing;

/// <summary>
/// Finds a model's price: the user's table first, then the built-in one; in each, an exact name before a
/// <c>*</c> pattern, and among patterns the most specific (most literal characters). A name is also tried
/// without a provider prefix (<c>openai/</c>) and without a date suffix (<c>-20250929</c>, <c>-2025-08-07</c>),
/// because clients and relays send dated and prefixed names for the same model.
/// </summary>
internal sealed partial class PriceBook
{
    private readonly Layer[] _layers;
    private readonly ConcurrentDictionary<string, PriceMatch?> _cache = new(StringComparer.Ordinal);

    public PriceBook(IReadOnlyDictionary<string, ModelPrice> builtIn, IReadOnlyDictionary<string, ModelPrice>? user = null)
    {
        _layers = user is { Count: > 0 } ? [new Layer(user, fromUser: true), new Layer(builtIn, fromUser: false)] : [new Layer(builtIn, fromUser: false)];
    }

    /// <summary>The price of <paramref name="model"/>, or null when neither table knows it.</summary>
    public PriceMatch? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        // Model names are few; the cache makes the per-request lookup one dictionary hit.
        return _cache.GetOrAdd(model, static (m, layers) => Lookup(m, layers), _layers);
    }

    private static PriceMatch? Lookup(string model, Layer[] layers)
    {
        var names = Candidates(model);
        foreach (var layer in layers)
        {
            foreach (var name in names)
            {
                if (layer.Exact.TryGetValue(name, out var exact))
                {
                    return new PriceMatch(exact.Entry, exact.Price, layer.FromUser);
                }
            }

            foreach (var (pattern, regex, price) in layer.Patterns)
            {
                foreach (var name in names)
                {
                    if (regex.IsMatch(name))
                    {
                        return new PriceMatch(pattern, price, layer.FromUser);
                    }
                }
            }
        }

        return null;
    }

    internal static List<string> Candidates(string model)
    {
        var names = new List<string>(3) { model.Trim() };
        var name = names[0].ToLowerInvariant();
        var slash = name.LastIndexOf('/');
        if (slash >= 0 && slash < name.Length - 1)
        {
            name = name[(slash + 1)..];
        }

        // Claude Code's "[1m]" context marker is not part of the billed model's name.
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            name = name[..bracket];
        }

        Add(names, name);
        Add(names, DateSuffix().Replace(name, ""));
        return names;

        static void Add(List<string> list, string value)
        {
            if (value.Length > 0 && !list.Contains(value, StringComparer.Ordinal))
            {
                list.Add(value);
            }
        }
    }

    [GeneratedRegex(@"-(\d{8}|\d{4}-\d{2}-\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateSuffix();

    private sealed class Layer
    {
        public Layer(IReadOnlyDictionary<string, ModelPrice> table, bool fromUser)
        {
            FromUser = fromUser;
            var patterns = new List<(string, Regex, ModelPrice)>();
            foreach (var (name, price) in table)
            {
                if (name.Contains('*', StringComparison.Ordinal))
                {
                    var regex = new Regex("^" + string.Join(".*", name.ToLowerInvariant().Split('*').Select(Regex.Escape)) + "$",
                        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
                    patterns.Add((name, regex, price));
                }
                else
                {
                    Exact[name] = (name, price);
                }
            }

            Patterns = [.. patterns.OrderByDescending(p => p.Item1.Count(c => c != '*')).ThenBy(p => p.Item1, StringComparer.Ordinal)];
        }

        public bool FromUser { get; }
        public Dictionary<string, (string Entry, ModelPrice Price)> Exact { get; } = new(StringComparer.OrdinalIgnoreCase);
        public (string Pattern, Regex Regex, ModelPrice Price)[] Patterns { get; }
    }
}

/// <summary>A model's price and which table entry gave it.</summary>
internal sealed record PriceMatch(string Entry, ModelPrice Price, bool FromUserFile);
