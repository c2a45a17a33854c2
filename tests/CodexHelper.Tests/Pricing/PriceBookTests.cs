using CodexHelper.Pricing;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Pricing;

public class PriceBookTests
{
    [Fact]
    public void The_built_in_table_names_its_source_and_date_and_knows_the_models_the_clients_use()
    {
        var table = PriceBookLoader.BuiltIn;
        Assert.False(string.IsNullOrWhiteSpace(table.Source));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", table.Date!);

        var book = PriceBookLoader.BuiltInOnly();
        foreach (var model in new[] { "gpt-5", "gpt-5-codex", "gpt-5-mini", "gpt-5.1-codex-mini", "gpt-5.2-codex", "gpt-5.5",
                     "claude-opus-4-1-20250805", "claude-sonnet-4-20250514", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-7" })
        {
            Assert.True(book.Find(model) is not null, model);
        }

        Assert.Equal(1.25m, book.Find("gpt-5")!.Price.Input);
        Assert.Equal(0.125m, book.Find("gpt-5")!.Price.CachedInput);
        Assert.Equal(10m, book.Find("gpt-5")!.Price.Output);
        // Codex 0.171's default model and its catalog's other new names.
        var sol = book.Find("gpt-6.2-sol")!.Price;
        Assert.Equal((2m, 0.1m, 10m), (sol.Input!.Value, sol.CachedInput!.Value, sol.Output!.Value));
        Assert.Equal(8m, book.Find("gpt-6.2-astra")!.Price.Input);
        Assert.Equal(0.05m, book.Find("gpt-6.1-terra")!.Price.CachedInput);
        var opus55 = book.Find("claude-opus-5-5[1m]")!.Price; // Claude Code 2.1.332's default model
        Assert.Equal((4m, 0.2m, 5m, 8m, 20m), (opus55.Input!.Value, opus55.CachedInput!.Value, opus55.CacheWrite5m!.Value, opus55.CacheWrite1h!.Value, opus55.Output!.Value));
        var sonnet = book.Find("claude-sonnet-4-5")!.Price;
        Assert.Equal((3m, 0.30m, 3.75m, 6m, 15m), (sonnet.Input!.Value, sonnet.CachedInput!.Value, sonnet.CacheWrite5m!.Value, sonnet.CacheWrite1h!.Value, sonnet.Output!.Value));
    }

    [Theory]
    [InlineData("gpt-5-2025-08-07", "gpt-5")]
    [InlineData("openai/gpt-5", "gpt-5")]
    [InlineData("GPT-5", "gpt-5")]
    [InlineData("claude-sonnet-4-5[1m]", "claude-sonnet-4-5")]
    [InlineData("gpt-5-chat-latest", "gpt-5-chat*")]
    public void Dated_prefixed_and_patterned_names_find_their_price(string model, string entry)
    {
        Assert.Equal(entry, PriceBookLoader.BuiltInOnly().Find(model)!.Entry);
    }

    [Fact]
    public void Unknown_models_have_no_price()
    {
        var book = PriceBookLoader.BuiltInOnly();
        Assert.Null(book.Find("my-local-llama"));
        Assert.Null(book.Find(null));
        Assert.Null(book.Find(""));
    }

    [Fact]
    public void The_user_file_overrides_and_extends_with_wildcards_most_specific_first()
    {
        using var home = new TempHome();
        File.WriteAllText(home.Paths.PricesJson, """
            {
              // comments are allowed
              "models": {
                "gpt-5": { "input": 2, "cached_input": 0.2, "output": 20 },
                "glm-*": { "input": 0.5, "output": 1 },
                "glm-4.6*": { "input": 0.6, "output": 2.2 },
              }
            }
            """);

        var book = PriceBookLoader.Load(home.Paths.PricesJson, out var problem);

        Assert.Null(problem);
        Assert.Equal(2m, book.Find("gpt-5")!.Price.Input);
        Assert.True(book.Find("gpt-5")!.FromUserFile);
        Assert.Equal(0.6m, book.Find("glm-4.6-air")!.Price.Input);
        Assert.Equal(0.5m, book.Find("glm-4.5")!.Price.Input);
        Assert.Equal(3m, book.Find("claude-sonnet-4-5")!.Price.Input); // the built-in table still answers the rest
    }

    [Theory]
    [InlineData("""{"models": {"gpt-5": {"input": "cheap"}}}""", "line 1", "$.models.gpt-5.input")]
    [InlineData("{\n  \"models\": {\n    \"gpt-5\": {\"input\": 1,,}\n  }\n}", "line 3", null)]
    [InlineData("""{"models": {"gpt-5": {"input": -1}}}""", "models.gpt-5.input = -1", null)]
    [InlineData("""{"prices": {}}""", "\"models\"", null)]
    public void A_bad_user_file_is_reported_with_file_and_line_and_the_built_in_table_stays(string json, string expected, string? path)
    {
        using var home = new TempHome();
        File.WriteAllText(home.Paths.PricesJson, json);

        var book = PriceBookLoader.Load(home.Paths.PricesJson, out var problem);

        Assert.NotNull(problem);
        Assert.Contains(home.Paths.PricesJson, problem);
        Assert.Contains(expected, problem);
        if (path is not null)
        {
            Assert.Contains(path, problem);
        }

        Assert.Equal(1.25m, book.Find("gpt-5")!.Price.Input);
    }
}
