using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicToChat;
using CodexHelper.Translation.Catalog;
using CodexHelper.Wire;

namespace CodexHelper.Tests.Translation.AnthropicToChat;

public sealed class AnthropicToChatRequestTests
{
    private static (JsonElement Body, TranslatedRequest Request) Translate(byte[] body, ChatUpstreamOptions? options = null)
    {
        var request = new AnthropicToChatTranslation(options).TranslateRequest(body);
        return (ClaudeBodies.Parse(request.Body), request);
    }

    [Fact]
    public void The_catalog_serves_claude_code_through_a_chat_upstream()
    {
        var translation = Translations.For(WireProtocol.Anthropic, WireProtocol.Chat);
        Assert.IsType<AnthropicToChatTranslation>(translation);
        Assert.Equal(WireProtocol.Anthropic, translation!.Client);
        Assert.Equal(WireProtocol.Chat, translation.Upstream);
    }

    [Fact]
    public void Claude_codes_real_first_turn_becomes_a_chat_request()
    {
        var (body, request) = Translate(ClaudeBodies.FirstTurn);

        Assert.True(request.Streaming);
        Assert.Equal("text/event-stream", request.Response.ClientContentType);
        Assert.Equal("claude-opus-4-8", body.GetProperty("model").GetString());
        Assert.Equal(64000, body.GetProperty("max_tokens").GetInt32());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("high", body.GetProperty("reasoning_effort").GetString());

        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        var system = messages[0].GetProperty("content").GetString()!;
        Assert.StartsWith("You are a Claude agent, built on Anthropic's Claude Agent SDK.\n\n", system, StringComparison.Ordinal);
        Assert.DoesNotContain("x-anthropic-billing-header", system, StringComparison.Ordinal);
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.EndsWith("\n\nrun echo tool-ran-ok", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("system", messages[2].GetProperty("role").GetString());
        Assert.StartsWith("Available agent types for the Agent tool:", messages[2].GetProperty("content").GetString(), StringComparison.Ordinal);

        // 25 client tools as functions; the user is a hash of Claude Code's long JSON user_id.
        var tools = body.GetProperty("tools");
        Assert.Equal(25, tools.GetArrayLength());
        Assert.All(tools.EnumerateArray(), t => Assert.Equal("function", t.GetProperty("type").GetString()));
        var bash = tools.EnumerateArray().Single(t => t.GetProperty("function").GetProperty("name").GetString() == "Bash");
        Assert.Equal("object", bash.GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
        Assert.False(bash.GetProperty("function").GetProperty("parameters").TryGetProperty("$schema", out _));
        var user = body.GetProperty("user").GetString()!;
        Assert.True(user.Length <= 64);
        Assert.DoesNotContain("device_id", user, StringComparison.Ordinal);

        Assert.Contains(request.Dropped, d => d.StartsWith("system billing line", StringComparison.Ordinal));
        Assert.Contains(request.Dropped, d => d.StartsWith("context_management:", StringComparison.Ordinal));
        Assert.DoesNotContain(request.Dropped, d => d.StartsWith("output_config", StringComparison.Ordinal));
        Assert.False(body.TryGetProperty("context_management", out _));
        Assert.False(body.TryGetProperty("metadata", out _));
        Assert.False(body.TryGetProperty("thinking", out _));
    }

    [Fact]
    public void A_tool_turn_puts_the_call_on_the_assistant_and_the_result_in_a_tool_message_right_after()
    {
        var (body, _) = Translate(ClaudeBodies.ToolResultTurn);
        var messages = body.GetProperty("messages");
        Assert.Equal(5, messages.GetArrayLength());
        var assistant = messages[3];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, assistant.GetProperty("content").ValueKind);
        var call = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("toolu_abc", call.GetProperty("id").GetString());
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("Bash", call.GetProperty("function").GetProperty("name").GetString());
        var arguments = ClaudeBodies.Parse(System.Text.Encoding.UTF8.GetBytes(call.GetProperty("function").GetProperty("arguments").GetString()!));
        Assert.Equal("echo tool-ran-ok", arguments.GetProperty("command").GetString());

        var tool = messages[4];
        Assert.Equal("tool", tool.GetProperty("role").GetString());
        Assert.Equal("toolu_abc", tool.GetProperty("tool_call_id").GetString());
        Assert.Equal("tool-ran-ok", tool.GetProperty("content").GetString());
    }

    [Fact]
    public void Max_tokens_is_kept_clamped_to_the_upstreams_cap_and_named_as_the_upstream_wants()
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurn, new ChatUpstreamOptions(MaxOutputTokens: 8192));
        Assert.Equal(8192, body.GetProperty("max_tokens").GetInt32());

        (body, _) = Translate(ClaudeBodies.FirstTurn, new ChatUpstreamOptions(MaxOutputTokens: 100_000, MaxCompletionTokens: true, StreamOptions: false));
        Assert.Equal(64000, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.False(body.TryGetProperty("stream_options", out _));
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"", null)]
    [InlineData("""{"type":"any"}""", "\"required\"", null)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"Bash","disable_parallel_tool_use":true}""", """{"type":"function","function":{"name":"Bash"}}""", false)]
    [InlineData("""{"type":"auto","disable_parallel_tool_use":false}""", "\"auto\"", null)]
    public void Tool_choice_maps_to_chats(string choice, string expected, bool? parallel)
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurnWith("tool_choice", choice));
        Assert.Equal(expected, body.GetProperty("tool_choice").GetRawText());
        Assert.Equal(parallel, body.TryGetProperty("parallel_tool_calls", out var p) ? p.GetBoolean() : null);
    }

    [Theory]
    [InlineData("""{"type":"enabled","budget_tokens":1024}""", "low")]
    [InlineData("""{"type":"enabled","budget_tokens":8000}""", "medium")]
    [InlineData("""{"type":"enabled","budget_tokens":32000}""", "high")]
    [InlineData("""{"type":"disabled"}""", null)]
    public void Thinking_becomes_a_reasoning_effort(string thinking, string? effort)
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurnWith("thinking", thinking));
        Assert.Equal(effort, body.TryGetProperty("reasoning_effort", out var e) ? e.GetString() : null);
    }

    [Fact]
    public void Adaptive_thinking_takes_output_config_effort()
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurnWith("output_config", """{"effort":"low"}"""));
        Assert.Equal("low", body.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public void Content_blocks_map_to_chat_parts_and_tool_messages()
    {
        const string messages = """
            [{"role":"user","content":[{"type":"text","text":"look"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]},
             {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"EqQB"},{"type":"redacted_thinking","data":"xx"},{"type":"text","text":"Reading."},{"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"/a"}},{"type":"tool_use","id":"toolu_2","name":"TaskList"}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"line1"},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j"}}]},{"type":"tool_result","tool_use_id":"toolu_2","is_error":true,"content":"no tasks"},{"type":"text","text":"and?"}]},
             {"role":"user","content":[{"type":"document","title":"notes","source":{"type":"text","media_type":"text/plain","data":"doc text"}}]}]
            """;
        var (body, request) = Translate(ClaudeBodies.With(messages, "\"top_k\":5,\"temperature\":0.5,\"top_p\":0.9"));
        var chat = body.GetProperty("messages");
        Assert.Equal(6, chat.GetArrayLength());

        var parts = chat[0].GetProperty("content");
        Assert.Equal("look", parts[0].GetProperty("text").GetString());
        Assert.Equal("data:image/png;base64,iVBOR", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("https://x/y.png", parts[2].GetProperty("image_url").GetProperty("url").GetString());

        Assert.Equal("Reading.", chat[1].GetProperty("content").GetString());
        Assert.False(chat[1].TryGetProperty("reasoning_content", out _));
        Assert.Equal("{}", chat[1].GetProperty("tool_calls")[1].GetProperty("function").GetProperty("arguments").GetString());

        Assert.Equal("tool", chat[2].GetProperty("role").GetString());
        Assert.Equal("line1", chat[2].GetProperty("content").GetString());
        Assert.Equal("toolu_2", chat[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("Error: no tasks", chat[3].GetProperty("content").GetString());
        var followUp = chat[4].GetProperty("content");
        Assert.Equal("user", chat[4].GetProperty("role").GetString());
        Assert.Equal("Images returned by tool call toolu_1:", followUp[0].GetProperty("text").GetString());
        Assert.Equal("data:image/jpeg;base64,/9j", followUp[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("and?", followUp[2].GetProperty("text").GetString());
        Assert.Equal("notes\n\ndoc text", chat[5].GetProperty("content").GetString());

        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.False(body.TryGetProperty("top_p", out _));
        Assert.Contains(request.Dropped, d => d.StartsWith("thinking blocks", StringComparison.Ordinal));
        Assert.Contains(request.Dropped, d => d.StartsWith("top_k:", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_mcp_tool_names_are_shortened_everywhere_and_server_tools_dropped()
    {
        var longName = "mcp__" + new string('s', 40) + "__" + new string('t', 40);
        var messages = $$$"""[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_9","name":"{{{longName}}}","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"ok"}]}]""";
        var tools = "\"tools\":[{\"name\":\"" + longName + "\",\"description\":\"d\",\"input_schema\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{\"o\":{\"type\":\"object\"}}}},"
            + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}],\"tool_choice\":{\"type\":\"tool\",\"name\":\"" + longName + "\"}";
        var (body, request) = Translate(ClaudeBodies.With(messages, tools));

        var function = body.GetProperty("tools")[0].GetProperty("function");
        var shortName = function.GetProperty("name").GetString()!;
        Assert.True(shortName.Length <= 64);
        Assert.StartsWith("mcp__sss", shortName, StringComparison.Ordinal);
        Assert.Equal(1, body.GetProperty("tools").GetArrayLength());
        Assert.Equal(shortName, body.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.Equal(shortName, body.GetProperty("messages")[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
        var parameters = function.GetProperty("parameters");
        Assert.False(parameters.TryGetProperty("$schema", out _));
        Assert.Equal(JsonValueKind.Object, parameters.GetProperty("properties").GetProperty("o").GetProperty("properties").ValueKind);
        Assert.Contains(request.Dropped, d => d.Contains("web_search_20250305", StringComparison.Ordinal));
    }

    [Fact]
    public void Stop_sequences_go_to_stop_at_most_four()
    {
        var (body, request) = Translate(ClaudeBodies.With("""[{"role":"user","content":"hi"}]""", "\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"));
        Assert.Equal(4, body.GetProperty("stop").GetArrayLength());
        Assert.Contains(request.Dropped, d => d.StartsWith("stop_sequences", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mid_conversation_system_message_can_be_sent_as_user_for_relays_that_reject_it()
    {
        var (body, _) = Translate(ClaudeBodies.FirstTurn, new ChatUpstreamOptions(SystemMidConversation: false, NullToolCallContent: false));
        Assert.Equal("user", body.GetProperty("messages")[2].GetProperty("role").GetString());
        (body, _) = Translate(ClaudeBodies.ToolResultTurn, new ChatUpstreamOptions(NullToolCallContent: false));
        Assert.Equal("", body.GetProperty("messages")[3].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"model\":\"m\"}")]
    public void A_body_that_is_not_a_messages_request_is_a_translation_error(string body) =>
        Assert.Throws<TranslationException>(() => new AnthropicToChatTranslation().TranslateRequest(System.Text.Encoding.UTF8.GetBytes(body)));
}
