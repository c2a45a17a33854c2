using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>Claude Code (Anthropic Messages) served by a Chat Completions upstream (spec §C, §D, §G).</summary>
internal sealed class AnthropicToChatTranslation(ChatUpstreamOptions? options = null) : ClaudeClientTranslation
{
    private readonly ChatUpstreamOptions _options = options ?? ChatUpstreamOptions.Default;

    public override WireProtocol Upstream => WireProtocol.Chat;

    protected override void WriteRequest(Utf8JsonWriter json, JsonElement root, ToolNameMap names, DropNotes dropped) =>
        ChatRequestWriter.Write(json, root, names, dropped, _options);

    protected override IResponseTranslator Respond(AnthropicAnswer answer, ToolNameMap names) => new ChatToAnthropicResponse(answer, names);
}
