using System.Text;
using CodexHelper.ModelMapping;

namespace CodexHelper.Tests.ModelMapping;

public class ModelMapTests
{
    [Theory]
    [InlineData("gpt-5=openai/gpt-5", "gpt-5", "openai/gpt-5")]
    [InlineData("gpt-5=openai/gpt-5", "gpt-5-codex", null)]
    [InlineData("gpt-5*=openai/gpt-5*", "gpt-5-codex", "openai/gpt-5-codex")]
    [InlineData("gpt-5*=openai/gpt-5*", "gpt-5", "openai/gpt-5")]
    [InlineData("claude-*=anthropic/*-latest", "claude-sonnet-4-5", "anthropic/sonnet-4-5-latest")]
    [InlineData("gpt-*=fixed-model", "gpt-4o", "fixed-model")]
    [InlineData("*=everything", "anything", "everything")]
    [InlineData(" gpt-5 = openai/gpt-5 ", "gpt-5", "openai/gpt-5")]
    public void A_rule_maps_its_exact_name_or_prefix(string rule, string model, string? expected)
    {
        var parsed = ModelMapRule.TryParse(rule, out var problem);
        Assert.Null(problem);
        Assert.Equal(expected, parsed!.Apply(model));
    }

    [Theory]
    [InlineData("", "empty rule")]
    [InlineData("gpt-5", "has no '='")]
    [InlineData("=x", "empty FROM")]
    [InlineData("gpt-5=", "empty TO")]
    [InlineData("g*t=x", "'*' may only end FROM")]
    [InlineData("gpt-5=a*", "only when FROM ends in '*'")]
    [InlineData("gpt-*=a*b*", "at most once")]
    public void A_malformed_rule_is_refused_with_what_is_wrong(string rule, string expected)
    {
        Assert.Null(ModelMapRule.TryParse(rule, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_matching_rule_wins_and_an_unmatched_model_stays()
    {
        var map = ModelMap.From(["gpt-5-codex=codex-special", "gpt-5*=openai/gpt-5*", "gpt-5=never"]);
        Assert.Equal("codex-special", map.Map("gpt-5-codex"));
        Assert.Equal("openai/gpt-5", map.Map("gpt-5"));
        Assert.Equal("o3", map.Map("o3"));
        Assert.Equal("o3", ModelMap.Empty.Map("o3"));
        Assert.Equal("[1]: 'nope' has no '=' (expected FROM=TO, e.g. gpt-5=openai/gpt-5)", ModelMap.FirstProblem(["a=b", "nope"]));
        Assert.Null(ModelMap.FirstProblem(null));
    }

    [Theory]
    [InlineData(null, "gpt-5", true)]
    [InlineData(new[] { "gpt-5" }, "gpt-5", true)]
    [InlineData(new[] { "gpt-5" }, "gpt-5-codex", false)]
    [InlineData(new[] { "o3", "gpt-5*" }, "gpt-5-codex", true)]
    [InlineData(new[] { "claude-*" }, "gpt-5", false)]
    [InlineData(new[] { "claude-*" }, null, true)]
    public void Models_patterns_say_which_models_an_upstream_serves(string[]? patterns, string? model, bool serves) =>
        Assert.Equal(serves, ModelPatterns.Serves(patterns, model));

    [Fact]
    public void Models_patterns_refuse_a_star_in_the_middle() =>
        Assert.Equal("[1]: 'a*b' is not a model name or a prefix ending in '*'", ModelPatterns.FirstProblem(["ok*", "a*b"]));

    [Theory]
    [InlineData("""{"model":"gpt-5","input":"hi"}""", """{"model":"openai/gpt-5","input":"hi"}""")]
    [InlineData("{ \"input\" : {\"model\":\"inner\"},\n  \"model\" :  \"gpt-5\" ,\"z\":1}", "{ \"input\" : {\"model\":\"inner\"},\n  \"model\" :  \"openai/gpt-5\" ,\"z\":1}")]
    [InlineData("""{"input":"\u00e9 \"model\":\"x\"","model":"gpt\u002d5"}""", """{"input":"\u00e9 \"model\":\"x\"","model":"openai/gpt-5"}""")]
    public void Rewriting_replaces_only_the_top_level_model_value(string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var field = ModelField.Locate(bytes)!.Value;
        Assert.Equal("gpt-5", field.Value);
        var token = ModelField.Token("openai/gpt-5");
        var output = new byte[field.RewrittenLength(bytes.Length, token)];
        var written = field.Rewrite(bytes, token, output);
        Assert.Equal(output.Length, written);
        Assert.Equal(expected, Encoding.UTF8.GetString(output));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"model":5}""")]
    [InlineData("""{"input":"x"}""")]
    [InlineData("""{"model":"unterminated""")]
    public void A_body_without_a_top_level_model_string_has_no_field(string body) =>
        Assert.Null(ModelField.Locate(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void A_mapped_name_with_quotes_is_escaped_as_json() =>
        Assert.Equal("\"a\\\"b\"", Encoding.UTF8.GetString(ModelField.Token("a\"b")));
}
