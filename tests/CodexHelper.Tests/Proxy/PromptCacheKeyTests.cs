using System.Text;
using CodexHelper.Proxy.Intake;

namespace CodexHelper.Tests.Proxy;

public class PromptCacheKeyTests
{
    private static string? Find(string json) => PromptCacheKey.Find(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void The_top_level_key_is_found_where_codex_puts_it_and_anywhere_else()
    {
        Assert.Equal("019a-sess", Find("""{"model":"gpt-5","input":[{"type":"message","role":"user","content":"hi"}],"prompt_cache_key":"019a-sess","text":{"verbosity":"low"}}"""));
        Assert.Equal("019a-sess", Find("""{"prompt_cache_key" : "019a-sess" ,"model":"gpt-5","input":"hi"}  """));
    }

    [Fact]
    public void A_key_nested_deeper_or_quoted_in_text_is_not_the_session()
    {
        const string nested = """{"type":"object","properties":{"prompt_cache_key":"not-me"}}""";
        Assert.Equal("019a-top", Find("""{"model":"gpt-5","prompt_cache_key":"019a-top","text":{"format":{"schema":""" + nested + "}}}"));
        Assert.Null(Find("""{"model":"gpt-5","tools":[{"parameters":""" + nested + """}],"input":"hi"}"""));
        Assert.Null(Find("""{"model":"gpt-5","input":"say \"prompt_cache_key\":\"x\" please","metadata":{"k":"prompt_cache_key"}}"""));
    }

    [Fact]
    public void No_key_an_empty_one_a_blob_or_a_non_string_gives_no_session()
    {
        Assert.Null(Find("""{"model":"gpt-5","input":"hi"}"""));
        Assert.Null(Find("""{"model":"gpt-5","prompt_cache_key":""}"""));
        Assert.Null(Find($$"""{"model":"gpt-5","prompt_cache_key":"{{new string('x', 500)}}"}"""));
        Assert.Null(Find("""{"model":"gpt-5","prompt_cache_key":42}"""));
        Assert.Null(Find("""{"model":"gpt-5","prompt_cache_key":"019a-sess","#"""));
    }
}
