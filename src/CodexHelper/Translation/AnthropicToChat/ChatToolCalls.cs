using System.Buffers;
using System.Text;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToChat;

/// <summary>
/// The tool calls of one Chat stream, keyed by the chunk's <c>index</c> (spec §F.1): the first non-empty id and
/// name win, arguments start empty. One call at a time is streamed live as a tool_use block; a call whose pieces
/// arrive while another is open waits, and is opened when the open one is complete (its arguments parse as an
/// object) or at the finish — so relays that interleave the pieces of parallel calls still give whole inputs.
/// </summary>
internal sealed class ChatToolCalls(ToolNameMap names)
{
    private readonly List<Call> _calls = [];
    private Call? _live;

    /// <summary>The pieces are whole calls (a non-stream completion): arguments that are not a JSON object become <c>{}</c>.</summary>
    public bool Whole { get; set; }

    public void Add(AnthropicOutput output, IBufferWriter<byte> client, ChatToolCallPiece piece)
    {
        var call = Find(piece.Index);
        if (call.Id.Length == 0 && !piece.Id.IsEmpty)
        {
            call.Id = Encoding.UTF8.GetString(piece.Id);
        }

        if (call.Name.Length == 0 && !piece.Name.IsEmpty)
        {
            call.Name = Encoding.UTF8.GetString(piece.Name);
        }

        if (call.Closed)
        {
            return;
        }

        call.Arguments.Write(piece.Arguments);
        if (call == _live)
        {
            output.ToolInput(client, piece.Arguments);
            return;
        }

        if (_live is null || (output.OpenBlock == AnthropicBlock.ToolUse && ToolArguments.IsObject(_live.Arguments.WrittenSpan)))
        {
            Close(output, client);
            Open(output, client);
        }
    }

    /// <summary>The block of the live call was closed by text or thinking that followed it.</summary>
    public void Interrupted()
    {
        if (_live is not null)
        {
            _live.Closed = true;
            _live = null;
        }
    }

    /// <summary>At the finish: the live call closed, every waiting call written whole, in index order.</summary>
    public void Flush(AnthropicOutput output, IBufferWriter<byte> client)
    {
        Close(output, client);
        while (Open(output, client))
        {
            Close(output, client);
        }
    }

    private void Close(AnthropicOutput output, IBufferWriter<byte> client)
    {
        if (_live is null)
        {
            return;
        }

        _live.Closed = true;
        _live = null;
        output.CloseBlock(client);
    }

    /// <summary>Opens the first waiting call that has a name, with what it got so far; false when none waits.</summary>
    private bool Open(AnthropicOutput output, IBufferWriter<byte> client)
    {
        var next = _calls.Where(c => !c.Closed && c.Name.Length > 0).OrderBy(c => c.Index).FirstOrDefault();
        if (next is null)
        {
            return false;
        }

        _live = next;
        output.ToolUse(client, next.Id, names.Resolve(next.Name).Name);
        output.ToolInput(client, Whole ? ToolArguments.AsObjectText(next.Arguments.WrittenSpan) : next.Arguments.WrittenSpan);
        return true;
    }

    private Call Find(int index)
    {
        foreach (var call in _calls)
        {
            if (call.Index == index)
            {
                return call;
            }
        }

        var added = new Call(index);
        _calls.Add(added);
        return added;
    }

    private sealed class Call(int index)
    {
        public int Index { get; } = index;

        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public ArrayBufferWriter<byte> Arguments { get; } = new();

        public bool Closed { get; set; }
    }
}
