using System.Buffers;
using System.IO.Compression;

namespace CodexHelper.Proxy;

internal enum BodyDecodeStatus
{
    Decoded,
    TooLarge,
    Corrupt,
}

internal readonly record struct BodyDecodeResult(BodyDecodeStatus Status, PooledBody? Body, string? Problem);

/// <summary>
/// Decodes a compressed request body (<c>Content-Encoding</c> zstd, gzip, deflate, br) so that the filter,
/// model mapping and the log see the JSON the client meant. The output is bounded by the same limit as a plain
/// body and checked while decoding, so a decompression bomb stops at the limit instead of filling memory.
/// Decoding runs synchronously: the compressed bytes are already in memory, so there is no I/O to wait for.
/// </summary>
internal static class RequestBodyDecoder
{
    /// <summary>True when every coding in the header is one we decode (or identity) and at least one is not identity.</summary>
    public static bool CanDecode(string? contentEncoding)
    {
        var any = false;
        foreach (var coding in Codings(contentEncoding))
        {
            if (coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!IsKnown(coding))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// Undoes the codings in reverse order of application. <paramref name="body"/> stays owned by the caller;
    /// a decoded body is a new pooled body the caller owns.
    /// </summary>
    public static BodyDecodeResult Decode(PooledBody body, string contentEncoding, long maxBytes)
    {
        var codings = Codings(contentEncoding).Where(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToArray();
        PooledBody? current = null;
        for (var i = codings.Length - 1; i >= 0; i--)
        {
            var input = current ?? body;
            var result = DecodeOne(input.Memory, codings[i], maxBytes);
            current?.Dispose();
            if (result.Status != BodyDecodeStatus.Decoded)
            {
                return result;
            }

            current = result.Body;
        }

        return new BodyDecodeResult(BodyDecodeStatus.Decoded, current ?? throw new InvalidOperationException("no coding to decode"), null);
    }

    private static BodyDecodeResult DecodeOne(ReadOnlyMemory<byte> compressed, string coding, long maxBytes)
    {
        var array = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(compressed.Length * 4L, 16 * 1024, maxBytes + 1));
        var length = 0;
        try
        {
            using var source = new ReadOnlyMemoryStream(compressed);
            using (var decoder = Open(coding, source, compressed.Span))
            {
                while (true)
                {
                    if (length == array.Length)
                    {
                        if (length > maxBytes)
                        {
                            ArrayPool<byte>.Shared.Return(array);
                            return new BodyDecodeResult(BodyDecodeStatus.TooLarge, null, null);
                        }

                        // One byte past the limit is enough to know the body is too large.
                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, array.Length * 2L));
                        array.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(array);
                        array = bigger;
                    }

                    var read = decoder.Read(array, length, (int)Math.Min(array.Length, maxBytes + 1) - length);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(array);
                        return new BodyDecodeResult(BodyDecodeStatus.TooLarge, null, null);
                    }
                }
            }

            if (IsGzip(coding) && !GzipSizeMatches(compressed.Span, length))
            {
                throw new InvalidDataException("the data ends early (its length does not match the gzip trailer)");
            }

            return new BodyDecodeResult(BodyDecodeStatus.Decoded, PooledBody.FromRented(array, length), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ZstdSharp.ZstdException or InvalidOperationException)
        {
            ArrayPool<byte>.Shared.Return(array);
            return new BodyDecodeResult(BodyDecodeStatus.Corrupt, null, $"request body is not valid {coding.ToLowerInvariant()} (Content-Encoding: {coding}): {ex.Message}");
        }
    }

    private static Stream Open(string coding, Stream source, ReadOnlySpan<byte> head) => coding.ToLowerInvariant() switch
    {
        "gzip" or "x-gzip" => new GZipStream(source, CompressionMode.Decompress),
        "br" => new BrotliStream(source, CompressionMode.Decompress),
        // HTTP's "deflate" is the zlib format, but some clients send raw deflate: the zlib header tells them apart.
        "deflate" => IsZlibHeader(head) ? new ZLibStream(source, CompressionMode.Decompress) : new DeflateStream(source, CompressionMode.Decompress),
        "zstd" => new ZstdSharp.DecompressionStream(source),
        _ => throw new InvalidOperationException("unsupported coding " + coding),
    };

    /// <summary>
    /// GZipStream takes a truncated stream for a short one; the trailer's ISIZE (length mod 2^32) of the last
    /// member catches that for the usual single-member body. zstd checks its own frame end; for br and deflate a
    /// truncated body is forwarded as far as it decodes, and the upstream refuses the broken JSON.
    /// </summary>
    private static bool GzipSizeMatches(ReadOnlySpan<byte> compressed, int length) =>
        compressed.Length >= 18 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]) == (uint)length;

    private static bool IsGzip(string coding) =>
        coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase);

    private static bool IsZlibHeader(ReadOnlySpan<byte> head) =>
        head.Length >= 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;

    private static bool IsKnown(string coding) =>
        IsGzip(coding)
        || coding.Equals("deflate", StringComparison.OrdinalIgnoreCase) || coding.Equals("br", StringComparison.OrdinalIgnoreCase)
        || coding.Equals("zstd", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Codings(string? header) =>
        (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
