using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// A request body read whole into one pooled array: failover replays it to the next upstream and the
/// filter needs it contiguous. Bounded, so a runaway client cannot exhaust memory.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _array;

    private PooledBody(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => WritableMemory;

    /// <summary>The body's own bytes, for the filter to rewrite in place (nothing needs the body as read once it is filtered).</summary>
    public Memory<byte> WritableMemory => _array is null ? Memory<byte>.Empty : _array.AsMemory(0, Length);

    public static PooledBody Empty { get; } = new([], 0);

    /// <summary>Takes ownership of a rented <see cref="ArrayPool{T}.Shared"/> array holding <paramref name="length"/> bytes.</summary>
    public static PooledBody FromRented(byte[] array, int length) => new(array, length);

    /// <summary>Reads the body; null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        var initial = request.ContentLength is { } len ? (int)len : 16 * 1024;
        if (initial == 0 && request.ContentLength == 0)
        {
            return Empty;
        }

        var array = Rent(Math.Max(initial, 1));
        var length = 0;
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                if (length + buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    Return(array);
                    return null;
                }

                if (length + buffer.Length > array.Length)
                {
                    var bigger = Rent((int)Math.Min(maxBytes, Math.Max(array.Length * 2L, length + buffer.Length)));
                    array.AsSpan(0, length).CopyTo(bigger);
                    Return(array);
                    array = bigger;
                }

                buffer.CopyTo(array.AsSpan(length));
                length += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch
        {
            Return(array);
            throw;
        }

        return new PooledBody(array, length);
    }

    /// <summary>
    /// Bodies up to this size come from the shared pool. Larger ones are plain arrays the GC takes back: the shared
    /// pool keeps what it is given per core, so one refused 70 MB upload would otherwise stay resident for good.
    /// A power of two, so a pooled array (rounded up to one) is never longer than this and a plain one always is.
    /// </summary>
    private const int MaxPooledLength = 1024 * 1024;

    private static byte[] Rent(int length) =>
        length <= MaxPooledLength ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);

    private static void Return(byte[] array)
    {
        if (array.Length is > 0 and <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is { Length: > 0 })
        {
            Return(array);
        }
    }
}
