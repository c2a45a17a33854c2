
using CodexHelper.Proxy.Attempt;

namespace CodexHelper.Tests.Proxy;

public class UpstreamTargetTests
{
    [Theory]
    [InlineData("https://relay.example/v1", "/responses", "", "https://relay.example/v1/responses")]
    [InlineData("https://relay.example/v1/", "/responses", "", "https://relay.example/v1/responses")]
    [InlineData("https://relay.example/v1", "/v1/messages", "?beta=true", "https://relay.example/v1/messages?beta=true")]
    [InlineData("https://api.anthropic.com", "/v1/messages", "?beta=true", "https://api.anthropic.com/v1/messages?beta=true")]
    [InlineData("https://relay.example/openai/v1", "/v1/chat/completions", "", "https://relay.example/openai/v1/chat/completions")]
    [InlineData("https://chatgpt.com/backend-api/codex", "/responses", "", "https://chatgpt.com/backend-api/codex/responses")]
    [InlineData("http://127.0.0.1:9000", "/v1/responses", "?a=1&b=2", "http://127.0.0.1:9000/v1/responses?a=1&b=2")]
    [InlineData("https://relay.example/v1", "/v1", "", "https://relay.example/v1")]
    [InlineData("https://relay.example/v1", "/v10/models", "", "https://relay.example/v1/v10/models")]
    public void Joins_base_and_path_without_doubling_a_shared_segment(string baseUrl, string path, string query, string expected) =>
        Assert.Equal(expected, UpstreamTarget.Join(baseUrl, path, query));
}
