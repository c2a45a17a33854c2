namespace CodexHelper.Translation;

/// <summary>
/// One entry of a Chat chunk's <c>delta.tool_calls</c> (or a whole call of a non-stream <c>message.tool_calls</c>):
/// the call's <c>index</c> and what this piece carries of its id, function name and arguments (empty when absent).
/// The spans stay valid until the reader parses its next chunk.
/// </summary>
internal readonly ref struct ChatToolCallPiece(int index, ReadOnlySpan<byte> id, ReadOnlySpan<byte> name, ReadOnlySpan<byte> arguments)
{
    public int Index { get; } = index;

    /// <summary>UTF-8, unescaped.</summary>
    public ReadOnlySpan<byte> Id { get; } = id;

    /// <summary>UTF-8, unescaped.</summary>
    public ReadOnlySpan<byte> Name { get; } = name;

    /// <summary>UTF-8, unescaped: a fragment of the JSON arguments text.</summary>
    public ReadOnlySpan<byte> Arguments { get; } = arguments;
}
