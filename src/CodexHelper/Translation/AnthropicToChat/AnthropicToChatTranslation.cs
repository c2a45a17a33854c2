using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Wire;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>Claude Code (Anthropic Messages) served by a Chat Completions upstream (spec §C, §D, §G).</summary>
internal sealed class AnthropicToChatTranslation(ChatUpstreamOptions? options = null) : ITranslation
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ChatUpstreamOptions _options = options ?? ChatUpstreamOptions.Default;

    public WireProtocol Client => WireProtocol.Anthropic;

    public WireProtocol Upstream => WireProtocol.Chat;

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody)
    {
        using var document = ClaudeRequest.Parse(clientBody);
        var root = document.RootElement;
        var names = new ToolNameMap();
        var dropped = new DropNotes();
        var body = new ArrayBufferWriter<byte>(clientBody.Length + 1024);
        using (var json = new Utf8JsonWriter(body, Writer))
        {
            ChatRequestWriter.Write(json, root, names, dropped, _options);
        }

        var streams = ClaudeRequest.Streams(root);
        var answer = new AnthropicAnswer(AnthropicIds.NewMessageId(), ClaudeRequest.Model(root), streams);
        return new TranslatedRequest(body.WrittenSpan.ToArray(), streams, new ChatToAnthropicResponse(answer, names), dropped.ToList());
    }
}
