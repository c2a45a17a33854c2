using System.Globalization;

namespace StreamingBench;

/// <summary><c>--key value</c> pairs; every value is optional with a default at the call site.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                key = arg[2..];
                options._values[key] = "true";
            }
            else if (key is not null)
            {
                options._values[key] = arg;
                key = null;
            }
        }

        return options;
    }

    public string Get(string key, string fallback) => _values.TryGetValue(key, out var v) ? v : fallback;

    public string Require(string key) =>
        _values.TryGetValue(key, out var v) ? v : throw new BenchException($"--{key} is required");

    public int GetInt(string key, int fallback) =>
        _values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

internal sealed class BenchException(string message) : Exception(message);
