using System.Buffers;

namespace CodexHelper.Conversations;

/// <summary>
/// Byte ranges of a JSON body replaced by other bytes, the rest copied as it is: a cleaned body differs from the
/// client's only where an item was taken out, so nothing else is re-serialised.
/// </summary>
internal sealed class BodyEdits
{
    private readonly List<(int Start, int End, byte[] With)> _edits = [];

    public int Count => _edits.Count;

    public void Replace(int start, int end, byte[] with) => _edits.Add((start, end, with));

    /// <summary>An array rebuilt from the elements it keeps (each copied as it was), replacing <c>[start, end)</c>.</summary>
    public void KeepOnly(ReadOnlySpan<byte> body, int start, int end, List<(int Start, int End)> kept, ReadOnlySpan<byte> ifEmpty = default)
    {
        var array = new ArrayBufferWriter<byte>(end - start);
        array.Write("["u8);
        for (var i = 0; i < kept.Count; i++)
        {
            if (i > 0)
            {
                array.Write(","u8);
            }

            array.Write(body[kept[i].Start..kept[i].End]);
        }

        if (kept.Count == 0)
        {
            array.Write(ifEmpty);
        }

        array.Write("]"u8);
        Replace(start, end, array.WrittenSpan.ToArray());
    }

    public byte[] Apply(ReadOnlySpan<byte> body)
    {
        _edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new ArrayBufferWriter<byte>(body.Length);
        var at = 0;
        foreach (var (start, end, with) in _edits)
        {
            result.Write(body[at..start]);
            result.Write(with);
            at = end;
        }

        result.Write(body[at..]);
        return result.WrittenSpan.ToArray();
    }
}
