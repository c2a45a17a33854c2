using System.Text;
using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.ResponsesToChat;

namespace CodexHelper.Tests.Translation.ResponsesToChat;

public sealed class ResponsesToChatRequestTests
{
    private static (JsonElement Body, TranslatedRequest Request) Translate(string body, ChatRequestOptions? options = null)
    {
        var request = new ResponsesToChatTranslation(options, new FixedClock(1700000000)).TranslateRequest(Encoding.UTF8.GetBytes(body));
        return (JsonDocument.Parse(request.Body).RootElement.Clone(), request);
    }

    [Fact]
    public void First_codex_turn_merges_leading_developer_text_into_system_and_flattens_the_namespace()
    {
        var (body, request) = Translate(CodexRequests.FirstTurn);
        Assert.True(request.Streaming);
        Assert.Equal("gpt-5.1-codex", body.GetProperty("model").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(["system", "user", "user", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("sandbox: workspace-write", messages[0].GetProperty("content").GetString());
        Assert.Equal("say hi", messages[3].GetProperty("content").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());

        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(
            ["exec_command", "write_stdin", "view_image", "multi_agent_v1__spawn_agent", "multi_agent_v1__close_agent"],
            tools.Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        Assert.All(tools, t => Assert.Equal("function", t.GetProperty("type").GetString()));
        Assert.Equal("string", tools[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("cmd").GetProperty("type").GetString());
        Assert.False(tools[0].GetProperty("function").GetProperty("strict").GetBoolean());
        Assert.Equal("auto", body.GetProperty("tool_choice").GetString());
        Assert.True(body.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Contains(request.Dropped, d => d.Contains("web_search", StringComparison.Ordinal));

        foreach (var gone in (string[])["store", "include", "prompt_cache_key", "client_metadata", "reasoning", "reasoning_effort", "input", "instructions"])
        {
            Assert.False(body.TryGetProperty(gone, out _), gone);
        }
    }

    [Fact]
    public void Tool_turn_keeps_calls_adjacent_to_their_outputs_and_round_trips_custom_and_namespace_calls()
    {
        var (body, request) = Translate(CodexRequests.ToolTurn);
        Assert.False(request.Streaming);
        var m = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool", "tool", "user", "user", "assistant", "tool", "user"], m.Select(x => x.GetProperty("role").GetString()));
        Assert.Equal("You are Codex.\n\ndev rules", m[0].GetProperty("content").GetString());

        var parts = m[1].GetProperty("content");
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64,AAAA", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("high", parts[1].GetProperty("image_url").GetProperty("detail").GetString());

        Assert.Equal(JsonValueKind.Null, m[2].GetProperty("content").ValueKind);
        Assert.Equal("I should look.", m[2].GetProperty("reasoning_content").GetString());
        var calls = m[2].GetProperty("tool_calls");
        Assert.Equal(2, calls.GetArrayLength());
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("{\"cmd\":\"ls\"}", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("multi_agent_v1__close_agent", calls[1].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{}", calls[1].GetProperty("function").GetProperty("arguments").GetString());

        Assert.Equal("call_1", m[3].GetProperty("tool_call_id").GetString());
        Assert.EndsWith("Output:\na.txt", m[3].GetProperty("content").GetString());
        Assert.Equal("closed", m[4].GetProperty("content").GetString());
        Assert.Contains("environment_context", m[5].GetProperty("content").GetString());
        Assert.Equal("https://x/y.png", m[6].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString());

        Assert.Equal("Patching now.", m[7].GetProperty("content").GetString());
        var patch = m[7].GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("apply_patch", patch.GetProperty("name").GetString());
        Assert.Equal("*** Begin Patch\n*** End Patch", JsonDocument.Parse(patch.GetProperty("arguments").GetString()!).RootElement.GetProperty("input").GetString());
        Assert.Equal("Done!", m[8].GetProperty("content").GetString());
        Assert.Equal("late dev note", m[9].GetProperty("content").GetString());

        Assert.Contains(request.Dropped, d => d.Contains("call_orphan", StringComparison.Ordinal));
        Assert.Contains(request.Dropped, d => d.Contains("compaction", StringComparison.Ordinal));
        Assert.DoesNotContain(body.GetRawText(), "gAAAA-opaque", StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_turn_maps_tools_choice_effort_and_limits()
    {
        var (body, _) = Translate(CodexRequests.ToolTurn);
        var tools = body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function")).ToList();
        Assert.Equal(["exec_command", "apply_patch", "multi_agent_v1__close_agent"], tools.Select(t => t.GetProperty("name").GetString()));
        Assert.True(tools[0].GetProperty("parameters").GetProperty("properties").TryGetProperty("cmd", out _));
        var patchSchema = tools[1].GetProperty("parameters");
        Assert.Equal("string", patchSchema.GetProperty("properties").GetProperty("input").GetProperty("type").GetString());
        Assert.Equal("input", patchSchema.GetProperty("required")[0].GetString());
        Assert.StartsWith("Use apply_patch to edit files.", tools[1].GetProperty("description").GetString());
        Assert.Equal("apply_patch", body.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.False(body.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("high", body.GetProperty("reasoning_effort").GetString());
        Assert.Equal(4000, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.GetProperty("stream").GetBoolean());
        Assert.False(body.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public void Options_choose_max_completion_tokens_and_leave_out_reasoning_replay()
    {
        var (body, _) = Translate(CodexRequests.ToolTurn, new ChatRequestOptions(MaxCompletionTokens: true, ReplayReasoning: false));
        Assert.Equal(4000, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.DoesNotContain("reasoning_content", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_input_with_instructions_and_a_json_schema_format()
    {
        var (body, _) = Translate("""{"model":"m","instructions":"sys","input":"hello","text":{"format":{"type":"json_schema","name":"codex_output_schema","strict":true,"schema":{"type":"object"}}},"tool_choice":"auto"}""");
        var m = body.GetProperty("messages");
        Assert.Equal("sys", m[0].GetProperty("content").GetString());
        Assert.Equal("hello", m[1].GetProperty("content").GetString());
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("codex_output_schema", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.False(body.TryGetProperty("tool_choice", out _));
    }

    [Fact]
    public void A_call_left_without_output_gets_a_stub_result()
    {
        var (body, _) = Translate("""{"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}","call_id":"c"},{"type":"message","role":"user","content":"go on"}]}""");
        var m = body.GetProperty("messages");
        Assert.Equal(["assistant", "tool", "user"], m.EnumerateArray().Select(x => x.GetProperty("role").GetString()));
        Assert.Equal("c", m[1].GetProperty("tool_call_id").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"model\":\"m\",\"previous_response_id\":\"resp_1\",\"input\":[]}")]
    public void Rejects_what_cannot_be_translated(string body) =>
        Assert.Throws<TranslationException>(() => new ResponsesToChatTranslation().TranslateRequest(Encoding.UTF8.GetBytes(body)));
}
