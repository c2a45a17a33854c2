using System.Text;
using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.ResponsesToAnthropic;

namespace CodexHelper.Tests.Translation.ResponsesToAnthropic;

public sealed class ResponsesToAnthropicRequestTests
{
    private static (JsonElement Body, TranslatedRequest Request) Translate(string body)
    {
        var request = new ResponsesToAnthropicTranslation(null, new FixedClock(1700000000)).TranslateRequest(Encoding.UTF8.GetBytes(body));
        return (JsonDocument.Parse(request.Body).RootElement.Clone(), request);
    }

    [Fact]
    public void First_codex_turn_gets_system_blocks_a_default_max_tokens_and_flattened_tools()
    {
        var (body, request) = Translate(CodexRequests.FirstTurn);
        Assert.True(request.Streaming);
        Assert.Equal(32000, body.GetProperty("max_tokens").GetInt32());
        var system = body.GetProperty("system");
        Assert.Contains("sandbox: workspace-write", system[0].GetProperty("text").GetString());
        Assert.Equal("ephemeral", system[system.GetArrayLength() - 1].GetProperty("cache_control").GetProperty("type").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(1, messages.GetArrayLength());
        Assert.Equal("user", messages[0].GetProperty("role").GetString());
        Assert.Equal(3, messages[0].GetProperty("content").GetArrayLength());
        Assert.Equal("say hi", messages[0].GetProperty("content")[2].GetProperty("text").GetString());
        Assert.True(messages[0].GetProperty("content")[2].TryGetProperty("cache_control", out _));

        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(["exec_command", "write_stdin", "view_image", "multi_agent_v1__spawn_agent", "multi_agent_v1__close_agent"], tools.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("object", tools[0].GetProperty("input_schema").GetProperty("type").GetString());
        Assert.Equal("auto", body.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.False(body.GetProperty("tool_choice").TryGetProperty("disable_parallel_tool_use", out _));
        Assert.False(body.TryGetProperty("thinking", out _));
        Assert.Contains(request.Dropped, d => d.Contains("web_search", StringComparison.Ordinal));
        foreach (var gone in (string[])["store", "include", "prompt_cache_key", "client_metadata", "reasoning", "input", "parallel_tool_calls"])
        {
            Assert.False(body.TryGetProperty(gone, out _), gone);
        }
    }

    [Fact]
    public void Tool_turn_alternates_roles_and_groups_results_first_in_one_user_message()
    {
        var (body, _) = Translate(CodexRequests.ToolTurn);
        Assert.Equal(4000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("You are Codex.", body.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal("dev rules", body.GetProperty("system")[1].GetProperty("text").GetString());
        var m = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], m.Select(x => x.GetProperty("role").GetString()));

        var image = m[0].GetProperty("content")[1];
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("base64", image.GetProperty("source").GetProperty("type").GetString());
        Assert.Equal("image/png", image.GetProperty("source").GetProperty("media_type").GetString());
        Assert.Equal("AAAA", image.GetProperty("source").GetProperty("data").GetString());

        // OpenAI's encrypted reasoning cannot be replayed to Anthropic: only the two tool_use blocks remain.
        var calls = m[1].GetProperty("content");
        Assert.Equal(["tool_use", "tool_use"], calls.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("call_1", calls[0].GetProperty("id").GetString());
        Assert.Equal("ls", calls[0].GetProperty("input").GetProperty("cmd").GetString());
        Assert.Equal("multi_agent_v1__close_agent", calls[1].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, calls[1].GetProperty("input").ValueKind);

        var results = m[2].GetProperty("content");
        Assert.Equal(["tool_result", "tool_result", "text"], results.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("call_1", results[0].GetProperty("tool_use_id").GetString());
        Assert.Equal("closed", results[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("url", results[1].GetProperty("content")[1].GetProperty("source").GetProperty("type").GetString());
        Assert.Contains("environment_context", results[2].GetProperty("text").GetString());

        var patch = m[3].GetProperty("content");
        Assert.Equal("Patching now.", patch[0].GetProperty("text").GetString());
        Assert.Equal("*** Begin Patch\n*** End Patch", patch[1].GetProperty("input").GetProperty("input").GetString());
        Assert.Equal("Done!", m[4].GetProperty("content")[0].GetProperty("content").GetString());
        Assert.Equal("late dev note", m[4].GetProperty("content")[1].GetProperty("text").GetString());
    }

    [Fact]
    public void Tool_turn_maps_tool_choice_serial_calls_and_skips_thinking_while_a_tool_is_forced()
    {
        var (body, request) = Translate(CodexRequests.ToolTurn);
        var choice = body.GetProperty("tool_choice");
        Assert.Equal("tool", choice.GetProperty("type").GetString());
        Assert.Equal("apply_patch", choice.GetProperty("name").GetString());
        Assert.True(choice.GetProperty("disable_parallel_tool_use").GetBoolean());
        Assert.False(body.TryGetProperty("thinking", out _));
        Assert.Contains(request.Dropped, d => d.StartsWith("reasoning.effort", StringComparison.Ordinal));
        var patchTool = body.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "apply_patch");
        Assert.Equal("input", patchTool.GetProperty("input_schema").GetProperty("required")[0].GetString());
    }

    [Theory]
    [InlineData("low", 1024)]
    [InlineData("medium", 8192)]
    [InlineData("high", 24576)]
    [InlineData("xhigh", 30976)]
    public void Effort_becomes_a_thinking_budget_below_max_tokens(string effort, int budget)
    {
        var (body, _) = Translate($$"""{"model":"claude-sonnet-4-5","input":"hi","reasoning":{"effort":"{{effort}}"},"temperature":0.2}""");
        var thinking = body.GetProperty("thinking");
        Assert.Equal("enabled", thinking.GetProperty("type").GetString());
        Assert.Equal(budget, thinking.GetProperty("budget_tokens").GetInt32());
        Assert.False(body.TryGetProperty("temperature", out _));
    }

    [Fact]
    public void A_signed_reasoning_item_is_replayed_as_a_thinking_block_before_the_call()
    {
        var (body, _) = Translate("""
            {"model":"m","input":[{"type":"message","role":"user","content":"go"},
              {"type":"reasoning","summary":[{"type":"summary_text","text":"plan"}],"encrypted_content":"EqQBCkgIARABGAIiQL"},
              {"type":"reasoning","summary":[],"encrypted_content":"anthropic-redacted:RED"},
              {"type":"function_call","name":"f","arguments":"not json","call_id":"call.1"}]}
            """);
        var m = body.GetProperty("messages");
        var blocks = m[1].GetProperty("content");
        Assert.Equal(["thinking", "redacted_thinking", "tool_use"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plan", blocks[0].GetProperty("thinking").GetString());
        Assert.Equal("EqQBCkgIARABGAIiQL", blocks[0].GetProperty("signature").GetString());
        Assert.Equal("RED", blocks[1].GetProperty("data").GetString());
        Assert.Equal("call_1", blocks[2].GetProperty("id").GetString());
        Assert.Equal("{}", blocks[2].GetProperty("input").GetRawText());
        Assert.Equal("tool_result", m[2].GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void The_default_max_tokens_is_a_per_upstream_choice()
    {
        var request = new ResponsesToAnthropicTranslation(new AnthropicRequestOptions(DefaultMaxTokens: 8192)).TranslateRequest("""{"model":"m","input":"hi","reasoning":{"effort":"high"}}"""u8);
        using var doc = JsonDocument.Parse(request.Body);
        Assert.Equal(8192, doc.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal(7168, doc.RootElement.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Fact]
    public void Thinking_is_left_out_when_the_last_tool_turn_has_no_signed_thinking()
    {
        const string unsigned = """{"model":"m","reasoning":{"effort":"medium"},"input":[{"type":"message","role":"user","content":"go"},{"type":"function_call","name":"f","arguments":"{}","call_id":"c1"},{"type":"function_call_output","call_id":"c1","output":"ok"}]}""";
        var (body, request) = Translate(unsigned);
        Assert.False(body.TryGetProperty("thinking", out _));
        Assert.Contains(request.Dropped, d => d.Contains("no signed thinking", StringComparison.Ordinal));

        var signed = unsigned.Replace("""{"type":"function_call",""", """{"type":"reasoning","summary":[{"type":"summary_text","text":"t"}],"encrypted_content":"EqSig"},{"type":"function_call",""", StringComparison.Ordinal);
        Assert.Equal(8192, Translate(signed).Body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"m","instructions":"sys","input":[]}""")]
    [InlineData("""{"model":"m","input":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"earlier"}]},{"type":"message","role":"user","content":"next"}]}""")]
    public void The_first_message_is_always_the_users(string request)
    {
        var (body, _) = Translate(request);
        var messages = body.GetProperty("messages");
        Assert.Equal("user", messages[0].GetProperty("role").GetString());
        Assert.All(messages.EnumerateArray().Zip(messages.EnumerateArray().Skip(1)), pair => Assert.NotEqual(pair.First.GetProperty("role").GetString(), pair.Second.GetProperty("role").GetString()));
    }
}
