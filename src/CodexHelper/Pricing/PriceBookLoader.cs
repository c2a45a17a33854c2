using System.Text.Json;

namespace CodexHelper.Pricing;

/// <summary>
/// Builds the <see cref="PriceBook"/>: the built-in table (prices.json, embedded in the executable) plus
/// the user's prices.json when there is one. A user file that cannot be used is reported (file, line, what)
/// and ignored as a whole, so a typo never replaces correct prices with wrong ones.
/// </summary>
internal static class PriceBookLoader
{
    private const string ResourceName = "CodexHelper.Pricing.prices.json";

    private static readonly Lazy<PriceTableFile> BuiltInTable = new(ReadBuiltIn);

    public static PriceTableFile BuiltIn => BuiltInTable.Value;

    public static PriceBook BuiltInOnly() => new(BuiltIn.Models!);

    /// <summary>The price book for <paramref name="userFile"/>, telling <paramref name="warn"/> why the user file was not used.</summary>
    public static PriceBook Load(string userFile, Action<string> warn)
    {
        var book = Load(userFile, out var problem);
        if (problem is not null)
        {
            warn(problem);
        }

        return book;
    }

    /// <summary>The price book for <paramref name="userFile"/>; <paramref name="problem"/> says why the user file was not used.</summary>
    public static PriceBook Load(string userFile, out string? problem)
    {
        problem = null;
        if (!File.Exists(userFile))
        {
            return BuiltInOnly();
        }

        try
        {
            var user = Parse(File.ReadAllBytes(userFile), userFile);
            return new PriceBook(BuiltIn.Models!, user.Models);
        }
        catch (InvalidDataException ex)
        {
            problem = ex.Message + "; using the built-in prices";
        }
        catch (IOException ex)
        {
            problem = $"{userFile}: cannot read ({ex.Message}); using the built-in prices";
        }
        catch (UnauthorizedAccessException ex)
        {
            problem = $"{userFile}: cannot read ({ex.Message}); using the built-in prices";
        }

        return BuiltInOnly();
    }

    /// <summary>Parses and checks a price table; throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    internal static PriceTableFile Parse(ReadOnlySpan<byte> json, string file)
    {
        PriceTableFile? table;
        try
        {
            table = JsonSerializer.Deserialize(json, PricingJsonContext.Default.PriceTableFile);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $"line {l + 1}: " : "";
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
            throw new InvalidDataException($"{file}: {line}{FirstSentence(ex.Message)}{where}");
        }

        if (table?.Models is null)
        {
            throw new InvalidDataException($"{file}: expected an object with \"models\": {{\"model-name\": {{\"input\": …, \"output\": …}}}}");
        }

        foreach (var (name, price) in table.Models)
        {
            if (price is null)
            {
                throw new InvalidDataException($"{file}: models.{name}: expected an object of prices, not null");
            }

            Check(file, name, "", price.Input, price.CachedInput, price.CacheWrite5m, price.CacheWrite1h, price.Output);
            if (price.LongContext is { } tier)
            {
                if (tier.AboveInputTokens <= 0)
                {
                    throw new InvalidDataException($"{file}: models.{name}.long_context.above_input_tokens must be a positive token count");
                }

                Check(file, name, ".long_context", tier.Input, tier.CachedInput, tier.CacheWrite5m, tier.CacheWrite1h, tier.Output);
            }
        }

        return table;
    }

    private static void Check(string file, string name, string part, params decimal?[] prices)
    {
        string[] fields = ["input", "cached_input", "cache_write_5m", "cache_write_1h", "output"];
        for (var i = 0; i < prices.Length; i++)
        {
            if (prices[i] is { } p && (p < 0 || p > PriceLimits.MaxPerMillion))
            {
                throw new InvalidDataException(
                    $"{file}: models.{name}{part}.{fields[i]} = {p}: a price per million tokens must be between 0 and {PriceLimits.MaxPerMillion}");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $.x | LineNumber: n | …" which we already say in our own words.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static PriceTableFile ReadBuiltIn()
    {
        using var stream = typeof(PriceBookLoader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), "built-in prices.json");
    }
}
