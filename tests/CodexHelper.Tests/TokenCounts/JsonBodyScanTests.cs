using CodexHelper.TokenCounts;
using static CodexHelper.Tests.TokenCounts.UsageFixtures;

namespace CodexHelper.Tests.TokenCounts;

public sealed class JsonBodyScanTests
{
    [Fact]
    public void Usage_at_the_end_of_a_large_body_is_found_with_small_chunks()
    {
        var longText = new string('y', 2_000_000);
        var body = Bytes($"{{\"id\":\"r\",\"output\":[{{\"content\":[{{\"text\":\"{longText}\"}}]}}],\"usage\":{{\"input_tokens\":10,\"output_tokens\":20,\"total_tokens\":30}}}}");

        var usage = ScanWith(Json, body.Chunk(4096));

        Assert.Equal(new TokenUsage { InputTokens = 10, OutputTokens = 20, TotalTokens = 30 }, usage);
    }

    [Fact]
    public void A_single_token_beyond_the_cap_stops_scanning_without_throwing()
    {
        var hugeText = new string('z', JsonBodyUsageScanner.MaxCarryBytes + 10);
        var body = Bytes($"{{\"output\":\"{hugeText}\",\"usage\":{{\"input_tokens\":10,\"output_tokens\":20}}}}");

        Assert.Null(ScanWith(Json, body.Chunk(64 * 1024)));
    }

    [Fact]
    public void Non_json_bodies_yield_null()
    {
        Assert.Null(ScanText("text/html", "<html><body>502 Bad Gateway \"usage\"</body></html>"));
        Assert.Null(ScanText(Json, "{\"error\": {\"message\": \"overloaded\"}"));
        Assert.Null(ScanText(Json, "not json at all {\"usage\":{\"input_tokens\":1}}"));
    }

    [Fact]
    public void Truncated_body_keeps_a_usage_object_already_complete()
    {
        Assert.Equal(3, ScanText(Json, "{\"usage\":{\"input_tokens\":1,\"output_tokens\":2},\"choices\":[{\"mess")?.TotalTokens);
    }

    [Fact]
    public void Trailing_bytes_after_the_document_are_ignored()
    {
        Assert.Equal(ChatJsonUsage, ScanText(Json, ChatJson + "\n\ngarbage{"));
    }

    [Fact]
    public void Escaped_property_names_are_recognised()
    {
        Assert.Equal(5, ScanText(Json, "{\"\\u0075sage\":{\"input_tokens\":2,\"output_tokens\":3}}")?.TotalTokens);
    }
}
