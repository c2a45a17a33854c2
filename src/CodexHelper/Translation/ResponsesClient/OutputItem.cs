using System.Buffers;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>What an output item is in the Responses protocol.</summary>
internal enum OutputItemKind
{
    Message,
    Reasoning,
    FunctionCall,
    CustomToolCall,
}

/// <summary>
/// One item of the answer being built: its identity, and the text it accumulates (message text, reasoning
/// summary, call arguments) so that its <c>.done</c> events and the terminal response can repeat it whole.
/// </summary>
internal sealed class OutputItem(OutputItemKind kind, string id, int outputIndex)
{
    public OutputItemKind Kind { get; } = kind;

    public string Id { get; } = id;

    public int OutputIndex { get; } = outputIndex;

    /// <summary>UTF-8 text accumulated from the deltas.</summary>
    public ArrayBufferWriter<byte> Text { get; } = new(256);

    public string CallId { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Namespace { get; init; }

    /// <summary>Reasoning only: the opaque payload the client replays (an Anthropic thinking signature).</summary>
    public string? EncryptedContent { get; set; }

    /// <summary>A custom call's raw input, unwrapped from the upstream's <c>{"input": …}</c> arguments when it closed.</summary>
    public byte[]? Input { get; set; }

    public bool Done { get; set; }

    /// <summary>Reasoning only: whether a summary part was opened (and so must be closed).</summary>
    public bool HasSummaryPart { get; set; }

    /// <summary><c>completed</c> or <c>incomplete</c> once done.</summary>
    public string Status { get; set; } = "in_progress";

    public void Append(ReadOnlySpan<byte> delta)
    {
        delta.CopyTo(Text.GetSpan(delta.Length));
        Text.Advance(delta.Length);
    }
}
