using System.Text.Json;
using CodexHelper.Translation;
using CodexHelper.Translation.ResponsesToAnthropic;
using CodexHelper.Translation.ResponsesToChat;

namespace CodexHelper.Tests.Translation;

/// <summary>The bodies the real Codex CLI 0.169 sent (recorded by the lead), through both upstream protocols.</summary>
public sealed class RecordedCodexRequestTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Translation", "Fixtures", name));

    private static readonly string[] FlatTools =
    [
        "exec_command", "write_stdin", "request_user_input", "view_image",
        "multi_agent_v1__close_agent", "multi_agent_v1__resume_agent", "multi_agent_v1__send_input", "multi_agent_v1__spawn_agent", "multi_agent_v1__wait_agent",
        "get_goal", "create_goal", "update_goal",
    ];

    [Fact]
    public void First_turn_to_chat()
    {
        var request = new ResponsesToChatTranslation().TranslateRequest(Fixture("codex-0.169-request.json"));
        using var doc = JsonDocument.Parse(request.Body);
        var body = doc.RootElement;
        var messages = body.GetProperty("messages");
        Assert.Equal(["system", "user", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var system = messages[0].GetProperty("content").GetString()!;
        Assert.StartsWith("You are a coding agent running in the Codex CLI", system, StringComparison.Ordinal);
        Assert.Contains("<skills_instructions>", system, StringComparison.Ordinal);
        Assert.Equal("run echo", messages[2].GetProperty("content").GetString());
        Assert.Equal(FlatTools, body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal(["tool web_search: no equivalent on chat"], request.Dropped);
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public void Tool_result_turn_to_chat()
    {
        var request = new ResponsesToChatTranslation().TranslateRequest(Fixture("codex-0.169-request-tool-result.json"));
        using var doc = JsonDocument.Parse(request.Body);
        var messages = doc.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        var call = messages[3].GetProperty("tool_calls")[0];
        Assert.Equal("call_abc", call.GetProperty("id").GetString());
        Assert.Equal("exec_command", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{\"cmd\": \"echo tool-ran-ok\"}", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("call_abc", messages[4].GetProperty("tool_call_id").GetString());
        Assert.StartsWith("Chunk ID: ", messages[4].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_turns_to_anthropic()
    {
        var first = new ResponsesToAnthropicTranslation().TranslateRequest(Fixture("codex-0.169-request.json"));
        using var firstDoc = JsonDocument.Parse(first.Body);
        var body = firstDoc.RootElement;
        Assert.Equal(2, body.GetProperty("system").GetArrayLength());
        Assert.Equal(32000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(FlatTools, body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["user"], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));

        var second = new ResponsesToAnthropicTranslation().TranslateRequest(Fixture("codex-0.169-request-tool-result.json"));
        using var secondDoc = JsonDocument.Parse(second.Body);
        var messages = secondDoc.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("echo tool-ran-ok", messages[1].GetProperty("content")[0].GetProperty("input").GetProperty("cmd").GetString());
        Assert.Equal("call_abc", messages[2].GetProperty("content")[0].GetProperty("tool_use_id").GetString());
    }

    [Fact]
    public void The_catalog_serves_both_directions()
    {
        Assert.IsType<ResponsesToChatTranslation>(CodexHelper.Translation.Catalog.Translations.For(CodexHelper.Wire.WireProtocol.Responses, CodexHelper.Wire.WireProtocol.Chat));
        Assert.IsType<ResponsesToAnthropicTranslation>(CodexHelper.Translation.Catalog.Translations.For(CodexHelper.Wire.WireProtocol.Responses, CodexHelper.Wire.WireProtocol.Anthropic));
        Assert.Null(CodexHelper.Translation.Catalog.Translations.For(CodexHelper.Wire.WireProtocol.Responses, CodexHelper.Wire.WireProtocol.Responses));
    }
}
