using CodexHelper.Files;
using CodexHelper.Wire;

namespace CodexHelper.Translation;

/// <summary>
/// Splits an upstream event stream, fed in chunks split anywhere, into whole SSE events: the <c>event:</c> name
/// and the <c>data:</c> payload (several data lines joined with LF, as the SSE spec says). Comments and other fields
/// are skipped. The spans handed out stay valid until the next <see cref="Append"/>.
/// </summary>
internal sealed class SseEventReader
{
    // One event larger than this is a broken or hostile upstream, not an answer.
    private const int Cap = 32 * 1024 * 1024;

    private readonly PooledWindow _window = new(Cap);
    private byte[] _joined = [];

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (!_window.TryAppend(chunk))
        {
            throw new TranslationException($"upstream event larger than {Cap / (1024 * 1024)} MiB");
        }
    }

    /// <summary>The next whole event, or false when the bytes held end inside one.</summary>
    public bool TryRead(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        while (true)
        {
            var held = _window.Span;
            var end = SseLines.EventEnd(held, out var consumed);
            if (end < 0)
            {
                name = data = default;
                return false;
            }

            var found = Parse(held[..end], out name, out data);
            _window.Consume(consumed);
            if (found)
            {
                return true;
            }
        }
    }

    /// <summary>At the end of the stream: what is held after the last blank line, read as one last event.</summary>
    public bool TryReadRest(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        name = data = default;
        var found = _window.Length > 0 && Parse(_window.Span, out name, out data);
        _window.Clear();
        return found;
    }

    /// <summary>Gives the buffers back; the reader is not used after its response ended.</summary>
    public void Release() => _window.Release();

    private bool Parse(ReadOnlySpan<byte> lines, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> data)
    {
        name = data = default;
        var dataLines = 0;
        var joinedLength = 0;
        var rest = lines;
        while (!rest.IsEmpty)
        {
            var line = SseLines.NextLine(ref rest, out _);
            if (Field(line, "event"u8, out var value))
            {
                name = value;
            }
            else if (Field(line, "data"u8, out value))
            {
                dataLines++;
                if (dataLines == 1)
                {
                    data = value;
                    continue;
                }

                // Rare (no relay we know splits JSON over data lines): join into a buffer of our own.
                joinedLength = Join(dataLines == 2 ? data : default, value, joinedLength);
                data = _joined.AsSpan(0, joinedLength);
            }
        }

        return dataLines > 0 || !name.IsEmpty;
    }

    private int Join(ReadOnlySpan<byte> first, ReadOnlySpan<byte> next, int length)
    {
        var needed = (first.IsEmpty ? length : first.Length) + 1 + next.Length;
        if (_joined.Length < needed)
        {
            var grown = new byte[Math.Max(needed, _joined.Length * 2)];
            _joined.AsSpan(0, length).CopyTo(grown);
            _joined = grown;
        }

        if (!first.IsEmpty)
        {
            first.CopyTo(_joined);
            length = first.Length;
        }

        _joined[length++] = (byte)'\n';
        next.CopyTo(_joined.AsSpan(length));
        return length + next.Length;
    }

    private static bool Field(ReadOnlySpan<byte> line, ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!line.StartsWith(field) || (line.Length > field.Length && line[field.Length] != (byte)':'))
        {
            return false;
        }

        value = line.Length > field.Length ? line[(field.Length + 1)..] : default;
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        return true;
    }
}
