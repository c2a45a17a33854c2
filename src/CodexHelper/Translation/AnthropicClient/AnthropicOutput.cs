using System.Buffers;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// What every upstream protocol's answer is turned into for Claude Code, as calls in answer order (start, blocks,
/// stop or fail). Keeps the framing rules in one place: the message starts before any block, block indices run
/// 0, 1, 2… in start order, one block is open at a time (a new kind closes the open one), a tool block that got no
/// input gets <c>{}</c>, nothing is written after the answer stopped or failed. Subclasses only write: an event
/// stream or one whole message body.
/// </summary>
internal abstract class AnthropicOutput(string messageId, string model)
{
    private AnthropicBlock _open;
    private int _blocks;
    private bool _inputSeen;

    public string MessageId { get; } = messageId;

    public string Model { get; } = model;

    public bool Started { get; private set; }

    /// <summary>The terminal was written (<c>message_stop</c>, or an error).</summary>
    public bool Ended { get; private set; }

    /// <summary>A tool_use block was opened: the stop reason must then be <c>tool_use</c> whatever the upstream said.</summary>
    public bool SawToolUse { get; private set; }

    protected int Index => _blocks - 1;

    public void Start(IBufferWriter<byte> client, AnthropicUsage usage)
    {
        if (Started || Ended)
        {
            return;
        }

        Started = true;
        OnStart(client, usage);
    }

    public void Text(IBufferWriter<byte> client, ReadOnlySpan<byte> text) => Delta(client, AnthropicBlock.Text, AnthropicDelta.Text, text);

    public void Thinking(IBufferWriter<byte> client, ReadOnlySpan<byte> text) => Delta(client, AnthropicBlock.Thinking, AnthropicDelta.Thinking, text);

    /// <summary>The upstream's own signature for the thinking block (never minted here); opens an empty thinking block when none is open.</summary>
    public void Signature(IBufferWriter<byte> client, ReadOnlySpan<byte> signature) => Delta(client, AnthropicBlock.Thinking, AnthropicDelta.Signature, signature);

    /// <summary>Opens a tool_use block; <paramref name="upstreamId"/> is kept (sanitized) or, when empty, replaced by a stable minted id.</summary>
    public void ToolUse(IBufferWriter<byte> client, ReadOnlySpan<char> upstreamId, string name)
    {
        if (Ended)
        {
            return;
        }

        Start(client, default);
        CloseBlock(client);
        _blocks++;
        _open = AnthropicBlock.ToolUse;
        _inputSeen = false;
        SawToolUse = true;
        var id = AnthropicIds.ToolUseId(upstreamId) ?? AnthropicIds.MintedToolUseId(MessageId, Index);
        OnBlockStart(client, AnthropicBlock.ToolUse, id, name);
    }

    /// <summary>A piece of the open tool_use block's JSON input, as the upstream streamed it.</summary>
    public void ToolInput(IBufferWriter<byte> client, ReadOnlySpan<byte> json)
    {
        if (Ended || _open != AnthropicBlock.ToolUse || json.IsEmpty)
        {
            return;
        }

        _inputSeen = true;
        OnDelta(client, AnthropicDelta.InputJson, json);
    }

    public bool ToolInputSeen => _open == AnthropicBlock.ToolUse && _inputSeen;

    public AnthropicBlock OpenBlock => _open;

    public void CloseBlock(IBufferWriter<byte> client)
    {
        if (_open == AnthropicBlock.None)
        {
            return;
        }

        if (_open == AnthropicBlock.ToolUse && !_inputSeen)
        {
            // A call with no arguments streams nothing; Claude Code needs an object.
            OnDelta(client, AnthropicDelta.InputJson, "{}"u8);
        }

        _open = AnthropicBlock.None;
        OnBlockStop(client);
    }

    /// <summary>Closes what is open and ends the answer (<c>message_delta</c> + <c>message_stop</c>).</summary>
    public void Stop(IBufferWriter<byte> client, string stopReason, AnthropicUsage usage)
    {
        if (Ended)
        {
            return;
        }

        Start(client, default);
        CloseBlock(client);
        Ended = true;
        OnStop(client, SawToolUse ? StopReasons.ToolUse : stopReason, usage);
    }

    /// <summary>Ends the answer with Anthropic's error form (no <c>message_stop</c> follows one).</summary>
    public void Fail(IBufferWriter<byte> client, string errorType, string message)
    {
        if (Ended)
        {
            return;
        }

        Ended = true;
        OnError(client, errorType, message);
    }

    private void Delta(IBufferWriter<byte> client, AnthropicBlock block, AnthropicDelta delta, ReadOnlySpan<byte> value)
    {
        if (Ended || value.IsEmpty)
        {
            return;
        }

        Start(client, default);
        if (_open != block)
        {
            CloseBlock(client);
            _blocks++;
            _open = block;
            OnBlockStart(client, block, null, null);
        }

        OnDelta(client, delta, value);
    }

    protected abstract void OnStart(IBufferWriter<byte> client, AnthropicUsage usage);

    /// <summary>A block opens at <see cref="Index"/>; <paramref name="id"/> and <paramref name="name"/> only for tool_use.</summary>
    protected abstract void OnBlockStart(IBufferWriter<byte> client, AnthropicBlock block, string? id, string? name);

    protected abstract void OnDelta(IBufferWriter<byte> client, AnthropicDelta delta, ReadOnlySpan<byte> value);

    protected abstract void OnBlockStop(IBufferWriter<byte> client);

    protected abstract void OnStop(IBufferWriter<byte> client, string stopReason, AnthropicUsage usage);

    protected abstract void OnError(IBufferWriter<byte> client, string errorType, string message);
}
