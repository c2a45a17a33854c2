using System.Buffers;
using System.IO.Compression;

namespace CodexHelper.Proxy.Intake;

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
/// body, counted before any buffer is taken, so a decompression bomb stops at the limit without holding any of it.
/// Decoding runs synchronously: the compressed bytes are already in memory, so there is no I/O to wait for.
/// A gzip body of several members (<c>cat a.gz b.gz</c>) decodes to all of them; a body cut short is corrupt.
/// </summary>
internal static class RequestBodyDecoder
{
    // Read once by the BCL's decoders: set before the first one is made, in case the host's runtimeconfig lacks it.
    static RequestBodyDecoder() => AppContext.SetSwitch("System.IO.Compression.UseStrictValidation", true);

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

    /// <summary>
    /// Two passes: the first only counts the decoded bytes (through one small scratch buffer, stopping one byte past
    /// the limit), the second decodes into a buffer of exactly that size. A bomb therefore costs CPU up to the limit
    /// but no memory, and a real body one buffer of its own size (growing a buffer by doubling would hold up to
    /// three times the body at once, and the pool rounds a 64 MiB + 1 request up to 128 MiB).
    /// </summary>
    private static BodyDecodeResult DecodeOne(ReadOnlyMemory<byte> compressed, string coding, long maxBytes)
    {
        byte[]? array = null;
        try
        {
            var length = Count(compressed, coding, maxBytes);
            if (length > maxBytes)
            {
                return new BodyDecodeResult(BodyDecodeStatus.TooLarge, null, null);
            }

            array = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
            using var source = new ReadOnlyMemoryStream(compressed);
            using (var decoder = Open(coding, source, compressed.Span))
            {
                decoder.ReadExactly(array, 0, (int)length);
            }

            var body = PooledBody.FromRented(array, (int)length);
            array = null;
            return new BodyDecodeResult(BodyDecodeStatus.Decoded, body, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ZstdSharp.ZstdException or InvalidOperationException)
        {
            var what = IsTruncation(ex) ? "truncated" : ex.Message;
            return new BodyDecodeResult(BodyDecodeStatus.Corrupt, null, $"request body is not valid {coding.ToLowerInvariant()}: {what} (Content-Encoding: {coding})");
        }
        finally
        {
            if (array is not null)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }

    /// <summary>The decoded length, or <paramref name="maxBytes"/> + 1 as soon as it is known to be larger.</summary>
    private static long Count(ReadOnlyMemory<byte> compressed, string coding, long maxBytes)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var source = new ReadOnlyMemoryStream(compressed);
            using var decoder = Open(coding, source, compressed.Span);
            long total = 0;
            int read;
            while ((read = decoder.Read(scratch, 0, scratch.Length)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return maxBytes + 1;
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
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
    /// A body that ends before its coding's end marker: the BCL's decoders say so only with strict validation on
    /// (<c>System.IO.Compression.UseStrictValidation</c>, set in Directory.Build.props and below), ZstdSharp always.
    /// Without it a cut gzip/deflate/br body decodes "as far as it goes" and half a JSON body would be forwarded.
    /// </summary>
    private static bool IsTruncation(Exception ex) =>
        ex is EndOfStreamException || (ex is InvalidDataException && ex.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase));

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
