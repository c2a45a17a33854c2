using System.Buffers;
using System.Text;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Tests.Translation.AnthropicClient;

public sealed class AnthropicErrorsTests
{
    [Theory]
    [InlineData(400, "{\"error\":{\"message\":\"bad tools\",\"type\":\"invalid_request_error\",\"code\":null}}", "invalid_request_error", "bad tools")]
    [InlineData(401, "{\"error\":{\"message\":\"Invalid API key\"}}", "authentication_error", "Invalid API key")]
    [InlineData(403, "{\"error\":\"forbidden here\"}", "permission_error", "forbidden here")]
    [InlineData(404, "{\"message\":\"no such model\"}", "not_found_error", "no such model")]
    [InlineData(429, "{\"detail\":\"slow down\"}", "rate_limit_error", "slow down")]
    [InlineData(500, "{\"error\":{\"message\":\"boom\"}}", "api_error", "boom")]
    [InlineData(502, "<html><body>502 Bad Gateway</body></html>", "api_error", "<html><body>502 Bad Gateway</body></html>")]
    [InlineData(503, "upstream connect error", "overloaded_error", "upstream connect error")]
    [InlineData(529, "", "overloaded_error", "upstream answered HTTP 529 with an empty body")]
    public void An_upstream_error_becomes_anthropics_error_body_with_the_relays_message(int status, string body, string type, string message)
    {
        var client = new ArrayBufferWriter<byte>();
        AnthropicErrors.Translate(status, Encoding.UTF8.GetBytes(body), client);
        var json = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(message, json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void A_context_overflow_says_prompt_is_too_long_so_Claude_Code_compacts()
    {
        var client = new ArrayBufferWriter<byte>();
        var body = "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\",\"code\":\"context_length_exceeded\"}}"u8;
        AnthropicErrors.Translate(400, body, client);
        var json = SseOutput.Json(client.WrittenSpan.ToArray());
        Assert.Equal("invalid_request_error", json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("prompt is too long: This model's maximum context length is 128000 tokens.", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("rate_limit_exceeded", null, "rate_limit_error")]
    [InlineData("insufficient_quota", null, "rate_limit_error")]
    [InlineData(null, "server_is_overloaded", "overloaded_error")]
    [InlineData("invalid_prompt", null, "invalid_request_error")]
    [InlineData("server_error", null, "api_error")]
    [InlineData(null, null, "api_error")]
    public void An_error_inside_a_stream_is_typed_from_its_code(string? code, string? type, string expected) =>
        Assert.Equal(expected, AnthropicErrors.TypeFor(code, type));
}
