using System.Text;
using CodexHelper.Conversations;
using CodexHelper.Wire;

namespace CodexHelper.Tests.Conversations;

public class StateCleanerTests
{
    private const ulong Here = 1;
    private const ulong Elsewhere = 2;

    private static ulong HashOf(string value) => StateHash.Of(Encoding.UTF8.GetBytes(value));

    private static StateFilter Filter(ConversationMemory memory, ulong minter = Here) => new(memory.For("s"), minter, false);

    private static ConversationMemory Memory(params (string Value, ulong Minter)[] items)
    {
        var memory = new ConversationMemory();
        foreach (var (value, minter) in items)
        {
            memory.Remember("s", minter, [HashOf(value)]);
        }

        return memory;
    }

    [Fact]
    public void Responses_input_loses_only_the_items_another_upstream_minted_and_keeps_the_rest_byte_for_byte()
    {
        var body = """{"model":"m", "input":[ {"type":"message","role":"user","content":"hi"} , {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAAA-a"},{"type":"reasoning","encrypted_content":"gAAAAA-b"},{"type":"reasoning","encrypted_content":"gAAAAA-unknown"}],"store":false}""";
        var memory = Memory(("gAAAAA-a", Elsewhere), ("gAAAAA-b", Here));

        var cleaned = StateCleaner.Clean(Encoding.UTF8.GetBytes(body), WireProtocol.Responses, WireProtocol.Responses, Filter(memory));

        Assert.Equal(1, cleaned.Removed);
        Assert.Equal(
            """{"model":"m", "input":[{"type":"message","role":"user","content":"hi"},{"type":"reasoning","encrypted_content":"gAAAAA-b"},{"type":"reasoning","encrypted_content":"gAAAAA-unknown"}],"store":false}""",
            Encoding.UTF8.GetString(cleaned.Body.Span));
    }

    [Fact]
    public void A_body_with_only_this_upstreams_state_is_the_very_same_memory_though_others_are_known()
    {
        var body = Encoding.UTF8.GetBytes("""{"input":[{"type":"reasoning","encrypted_content":"gAAAAA-b"}]}""");
        var memory = Memory(("gAAAAA-a", Elsewhere), ("gAAAAA-b", Here));

        var cleaned = StateCleaner.Clean(body, WireProtocol.Responses, WireProtocol.Responses, Filter(memory));

        Assert.Equal(0, cleaned.Removed);
        Assert.True(cleaned.Body.Span == body.AsSpan());
    }

    [Fact]
    public void A_redacted_thinking_carried_by_codex_behind_its_marker_is_known_by_its_data()
    {
        var body = Encoding.UTF8.GetBytes("""{"input":[{"type":"reasoning","encrypted_content":"anthropic-redacted:opaque"}]}""");

        var cleaned = StateCleaner.Clean(body, WireProtocol.Responses, WireProtocol.Anthropic, Filter(Memory(("opaque", Elsewhere))));

        Assert.Equal("""{"input":[]}""", Encoding.UTF8.GetString(cleaned.Body.Span));
    }

    [Fact]
    public void Anthropic_foreign_thinking_goes_and_thinking_is_turned_off_when_the_tool_turn_lost_it()
    {
        var body = """{"model":"c","thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"sig-a"},{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}""";

        var cleaned = StateCleaner.Clean(Encoding.UTF8.GetBytes(body), WireProtocol.Anthropic, WireProtocol.Anthropic, Filter(Memory(("sig-a", Elsewhere))));

        Assert.True(cleaned.ThinkingDisabled);
        Assert.Equal(
            """{"model":"c","thinking":{"type":"disabled"},"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}""",
            Encoding.UTF8.GetString(cleaned.Body.Span));
    }

    [Fact]
    public void Cleaning_everything_takes_all_signed_and_redacted_thinking_and_leaves_no_turn_empty()
    {
        var body = """{"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"assistant","content":[{"type":"redacted_thinking","data":"x"}]},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},{"type":"text","text":"a"}]}]}""";

        var cleaned = StateCleaner.Clean(Encoding.UTF8.GetBytes(body), WireProtocol.Anthropic, WireProtocol.Anthropic, new StateFilter(null, Here, All: true));

        Assert.Equal(2, cleaned.Removed);
        Assert.False(cleaned.ThinkingDisabled);
        var text = Encoding.UTF8.GetString(cleaned.Body.Span);
        Assert.DoesNotContain("signature", text, StringComparison.Ordinal);
        Assert.Contains("""[{"type":"text","text":"a"}]""", text, StringComparison.Ordinal);
        Assert.Contains("""{"role":"assistant","content":[{"type":"text","text":"(reasoning left out""", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chat_upstream_is_left_to_its_translator_which_keeps_the_reasoning_text()
    {
        var body = Encoding.UTF8.GetBytes("""{"input":[{"type":"reasoning","summary":[{"type":"summary_text","text":"t"}],"encrypted_content":"gAAAAA-a"}]}""");

        var cleaned = StateCleaner.Clean(body, WireProtocol.Responses, WireProtocol.Chat, new StateFilter(null, Here, All: true));

        Assert.Equal(0, cleaned.Removed);
    }

    [Theory]
    [InlineData(StatefulRelayBodies.OpenAi, true)]
    [InlineData(StatefulRelayBodies.OpenAiUndecryptable, true)]
    [InlineData(StatefulRelayBodies.Anthropic, true)]
    [InlineData(StatefulRelayBodies.AnthropicMissing, true)]
    [InlineData("""{"error":{"message":"Unsupported parameter: 'temperature'","code":"unsupported_parameter"}}""", false)]
    [InlineData("""{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}""", false)]
    public void The_providers_400s_for_foreign_state_are_recognised_and_others_are_not(string body, bool foreign)
    {
        Assert.Equal(foreign, ForeignStateError.Is(Encoding.UTF8.GetBytes(body)));
    }
}

/// <summary>The providers' error bodies for state they did not mint.</summary>
public static class StatefulRelayBodies
{
    public const string OpenAi = Support.StatefulRelay.OpenAiForeignState;
    public const string OpenAiUndecryptable = """{"error":{"message":"The encrypted content gAAA...xyz could not be decrypted or parsed.","type":"invalid_request_error","param":null,"code":"invalid_encrypted_content"}}""";
    public const string Anthropic = Support.StatefulRelay.AnthropicForeignState;
    public const string AnthropicMissing = """{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0.thinking.signature: Field required"}}""";
}
