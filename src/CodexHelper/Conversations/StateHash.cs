using System.Buffers;
using System.IO.Hashing;
using System.Text.Json;

namespace CodexHelper.Conversations;

/// <summary>
/// The 64-bit fingerprint of one piece of provider-bound state (an <c>encrypted_content</c>, a thinking signature, a
/// redacted thinking's data), taken over the unescaped string so the answer's and the replay's spelling agree.
/// A fingerprint, not the payload, is what the memory keeps: a few bytes per item however large the payload.
/// </summary>
internal static class StateHash
{
    public static ulong Of(ReadOnlySpan<byte> value) => XxHash3.HashToUInt64(value);

    /// <summary>The current string token's fingerprint; <paramref name="skipPrefix"/> (when the value starts with it) is left out.</summary>
    public static ulong Of(ref Utf8JsonReader reader, ReadOnlySpan<byte> skipPrefix = default)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Of(Trim(reader.ValueSpan, skipPrefix));
        }

        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(buffer);
            return Of(Trim(buffer.AsSpan(0, written), skipPrefix));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether the current string token is empty (an empty signature is no state at all).</summary>
    public static bool IsEmpty(ref Utf8JsonReader reader) => reader.HasValueSequence ? reader.ValueSequence.IsEmpty : reader.ValueSpan.IsEmpty;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix) =>
        !prefix.IsEmpty && value.StartsWith(prefix) ? value[prefix.Length..] : value;
}
