using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicToResponses;
using CodexHelper.Translation.Catalog;
using CodexHelper.Wire;

namespace CodexHelper.Tests.Translation.AnthropicToResponses;

public sealed class AnthropicToResponsesRequestTests
{
    private static (JsonElement Body, TranslatedRequest Request) Translate(byte[] body, ResponsesUpstreamOptions? options = null)
    {
        var request = new AnthropicToResponsesTranslation(options).TranslateRequest(body);
        return (ClaudeBodies.Parse(request.Body), request);
    }

    [Fact]
    public void The_catalog_serves_claude_code_through_a_responses_upstream() =>
        Assert.IsType<AnthropicToResponsesTranslation>(Translations.For(WireProtocol.Anthropic, WireProtocol.Responses));

    [Fact]
    public void Claude_codes_real_first_turn_becomes_a_stateless_responses_request()
    {
        var (body, request) = Translate(ClaudeBodies.FirstTurn);
        Assert.True(request.Streaming);
        Assert.Equal("claude-opus-4-8", body.GetProperty("model").GetString());
        var instructions = body.GetProperty("instructions").GetString()!;
        Assert.StartsWith("You are a Claude agent", instructions, StringComparison.Ordinal);
        Assert.DoesNotContain("x-anthropic-billing-header", instructions, StringComparison.Ordinal);
        Assert.False(body.GetProperty("store").GetBoolean());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(64000, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("high", body.GetProperty("reasoning").GetProperty("effort").GetString());
        Assert.Equal("auto", body.GetProperty("reasoning").GetProperty("summary").GetString());
        Assert.Equal("reasoning.encrypted_content", body.GetProperty("include")[0].GetString());
        Assert.True(body.GetProperty("user").GetString()!.Length <= 64);

        var input = body.GetProperty("input");
        Assert.Equal(2, input.GetArrayLength());
        Assert.Equal("message", input[0].GetProperty("type").GetString());
        Assert.Equal("user", input[0].GetProperty("role").GetString());
        Assert.Equal(2, input[0].GetProperty("content").GetArrayLength());
        Assert.Equal("input_text", input[0].GetProperty("content")[1].GetProperty("type").GetString());
        Assert.Equal("run echo tool-ran-ok", input[0].GetProperty("content")[1].GetProperty("text").GetString());
        Assert.Equal("developer", input[1].GetProperty("role").GetString());
        Assert.StartsWith("Available agent types", input[1].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        var tools = body.GetProperty("tools");
        Assert.Equal(25, tools.GetArrayLength());
        Assert.All(tools.EnumerateArray(), t =>
        {
            Assert.Equal("function", t.GetProperty("type").GetString());
            Assert.False(t.GetProperty("strict").GetBoolean());
            Assert.Equal("object", t.GetProperty("parameters").GetProperty("type").GetString());
        });
        Assert.Contains(request.Dropped, d => d.StartsWith("context_management:", StringComparison.Ordinal));
        Assert.Contains(request.Dropped, d => d.StartsWith("system billing line", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tool_turn_becomes_function_call_and_function_call_output_items()
    {
        var (body, _) = Translate(ClaudeBodies.ToolResultTurn);
        var input = body.GetProperty("input");
        Assert.Equal(4, input.GetArrayLength());
        var call = input[2];
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.Equal("toolu_abc", call.GetProperty("call_id").GetString());
        Assert.Equal("Bash", call.GetProperty("name").GetString());
        Assert.Equal("echo tool-ran-ok", ClaudeBodies.Parse(System.Text.Encoding.UTF8.GetBytes(call.GetProperty("arguments").GetString()!)).GetProperty("command").GetString());
        var output = input[3];
        Assert.Equal("function_call_output", output.GetProperty("type").GetString());
        Assert.Equal("toolu_abc", output.GetProperty("call_id").GetString());
        Assert.Equal("tool-ran-ok", output.GetProperty("output").GetString());
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"", null)]
    [InlineData("""{"type":"any","disable_parallel_tool_use":true}""", "\"required\"", false)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"Read"}""", """{"type":"function","name":"Read"}""", null)]
    public void Tool_choice_maps_to_responses(string choice, string expected, bool? parallel)
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurnWith("tool_choice", choice));
        Assert.Equal(expected, body.GetProperty("tool_choice").GetRawText());
        Assert.Equal(parallel, body.TryGetProperty("parallel_tool_calls", out var p) ? p.GetBoolean() : null);
    }

    [Fact]
    public void Only_thinking_signed_by_a_responses_upstream_is_replayed_as_a_reasoning_item()
    {
        const string messages = """
            [{"role":"user","content":"hi"},
             {"role":"assistant","content":[{"type":"thinking","thinking":"Plan A.","signature":"gAAAAABencrypted"},{"type":"text","text":"Hello"},{"type":"tool_use","id":"call_1","name":"Bash","input":{"command":"ls"}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"a.txt"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVB"}}]},{"type":"text","text":"next"}]},
             {"role":"assistant","content":[{"type":"thinking","thinking":"anthropic's","signature":"EqQBCkYIBxgC"},{"type":"redacted_thinking","data":"x"},{"type":"text","text":"Done"}]}]
            """;
        var (body, request) = Translate(ClaudeBodies.With(messages, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"));
        var input = body.GetProperty("input");
        Assert.Equal(["message", "reasoning", "message", "function_call", "function_call_output", "message", "message"], input.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("gAAAAABencrypted", input[1].GetProperty("encrypted_content").GetString());
        Assert.Equal("Plan A.", input[1].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("output_text", input[2].GetProperty("content")[0].GetProperty("type").GetString());
        var output = input[4].GetProperty("output");
        Assert.Equal("a.txt", output[0].GetProperty("text").GetString());
        Assert.Equal("data:image/png;base64,iVB", output[1].GetProperty("image_url").GetString());
        Assert.Equal("next", input[5].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("Done", input[6].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("medium", body.GetProperty("reasoning").GetProperty("effort").GetString());
        Assert.Contains(request.Dropped, d => d.StartsWith("thinking blocks not signed", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_search_becomes_the_hosted_tool_other_server_tools_are_dropped_and_long_names_shortened()
    {
        var longName = "mcp__" + new string('s', 40) + "__" + new string('t', 40);
        var tools = "\"tools\":[{\"name\":\"" + longName + "\",\"input_schema\":{\"type\":\"object\"}},{\"type\":\"web_search_20250305\",\"name\":\"web_search\"},{\"type\":\"bash_20250124\",\"name\":\"bash\"}]";
        var (body, request) = Translate(ClaudeBodies.With("""[{"role":"user","content":"find it"}]""", tools));
        var declared = body.GetProperty("tools");
        Assert.Equal(2, declared.GetArrayLength());
        Assert.True(declared[0].GetProperty("name").GetString()!.Length <= 64);
        Assert.Equal(JsonValueKind.Object, declared[0].GetProperty("parameters").GetProperty("properties").ValueKind);
        Assert.Equal("web_search", declared[1].GetProperty("type").GetString());
        Assert.Contains(request.Dropped, d => d.Contains("bash_20250124", StringComparison.Ordinal));
        Assert.False(body.TryGetProperty("reasoning", out _));
        Assert.False(body.TryGetProperty("include", out _));
    }

    [Fact]
    public void Max_output_tokens_is_clamped_or_left_out_for_upstreams_that_reject_it()
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurn, new ResponsesUpstreamOptions(MaxOutputTokens: 32000));
        Assert.Equal(32000, body.GetProperty("max_output_tokens").GetInt32());
        (body, _) = Translate(ClaudeBodies.FirstTurn, new ResponsesUpstreamOptions(SendMaxOutputTokens: false, Reasoning: false));
        Assert.False(body.TryGetProperty("max_output_tokens", out _));
        Assert.False(body.TryGetProperty("reasoning", out _));
        Assert.False(body.TryGetProperty("include", out _));
    }

    [Fact]
    public void Documents_become_input_files_or_text()
    {
        const string messages = """
            [{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBER"}},{"type":"document","title":"t","source":{"type":"text","media_type":"text/plain","data":"body"}},{"type":"image","source":{"type":"url","url":"https://x/i.png"}}]}]
            """;
        var (body, _) = Translate(ClaudeBodies.With(messages));
        var content = body.GetProperty("input")[0].GetProperty("content");
        Assert.Equal("input_file", content[0].GetProperty("type").GetString());
        Assert.Equal("data:application/pdf;base64,JVBER", content[0].GetProperty("file_data").GetString());
        Assert.Equal("t\n\nbody", content[1].GetProperty("text").GetString());
        Assert.Equal("https://x/i.png", content[2].GetProperty("image_url").GetString());
    }

    [Fact]
    public void A_client_that_does_not_stream_asks_the_upstream_for_a_body()
    {
        var (body, request) = Translate(ClaudeBodies.FirstTurnWith("stream", null));
        Assert.False(request.Streaming);
        Assert.Equal("application/json", request.Response.ClientContentType);
        Assert.False(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void A_body_that_is_not_a_messages_request_is_a_translation_error() =>
        Assert.Throws<TranslationException>(() => new AnthropicToResponsesTranslation().TranslateRequest("{\"model\":1}"u8));
}
