using System.Buffers;
using System.Text;
using CodexHelper.Proxy.Intake;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

public class RequestBodyDecoderTests
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("{\"model\":\"gpt-5\",\"input\":\"" + new string('x', 50_000) + "\"}");

    private static PooledBody Pooled(byte[] bytes)
    {
        var array = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(array, 0);
        return PooledBody.FromRented(array, bytes.Length);
    }

    [Theory]
    [InlineData("zstd", "zstd")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip", "x-gzip")]
    [InlineData("br", "br")]
    [InlineData("deflate", "deflate")]
    [InlineData("raw-deflate", "deflate")]
    [InlineData("zstd", "identity, ZSTD")]
    public void Each_coding_decodes_to_the_original_bytes(string encoder, string header)
    {
        using var body = Pooled(CompressedBodies.Encode(encoder, Json));
        Assert.True(RequestBodyDecoder.CanDecode(header));
        var result = RequestBodyDecoder.Decode(body, header, 1024 * 1024);
        Assert.Equal(BodyDecodeStatus.Decoded, result.Status);
        using var decoded = result.Body!;
        Assert.Equal(Json, decoded.Memory.ToArray());
    }

    [Fact]
    public void Codings_applied_in_turn_are_undone_in_reverse_order()
    {
        using var body = Pooled(CompressedBodies.Encode("gzip", CompressedBodies.Encode("zstd", Json)));
        var result = RequestBodyDecoder.Decode(body, "zstd, gzip", 1024 * 1024);
        using var decoded = result.Body!;
        Assert.Equal(Json, decoded.Memory.ToArray());
    }

    [Theory]
    [InlineData("identity", false)]
    [InlineData("lz4", false)]
    [InlineData("gzip, lz4", false)]
    [InlineData("", false)]
    [InlineData("br", true)]
    public void Only_known_codings_are_decoded(string header, bool decodable) =>
        Assert.Equal(decodable, RequestBodyDecoder.CanDecode(header));

    [Fact]
    public void A_zstd_bomb_stops_at_the_limit_without_allocating_past_it()
    {
        var bomb = CompressedBodies.ZstdBomb(1L << 30);
        Assert.True(bomb.Length <= 33 * 1024);
        using var body = Pooled(bomb);
        const long limit = 4 * 1024 * 1024;

        // Decoding is synchronous on this thread, so the thread's allocation counter measures exactly it.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = RequestBodyDecoder.Decode(body, "zstd", limit);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(BodyDecodeStatus.TooLarge, result.Status);
        Assert.Null(result.Body);
        Assert.True(allocated < limit / 4, $"allocated {allocated} bytes decoding a 1 GiB bomb with a {limit} byte limit");
    }

    [Fact]
    public void A_body_exactly_at_the_limit_is_accepted()
    {
        using var body = Pooled(CompressedBodies.ZstdBomb(256 * 1024));
        var result = RequestBodyDecoder.Decode(body, "zstd", 256 * 1024);
        using var decoded = result.Body!;
        Assert.Equal(256 * 1024, decoded.Length);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("br")]
    [InlineData("deflate")]
    public void A_body_that_is_not_in_its_coding_says_which_coding_failed(string coding)
    {
        using var body = Pooled(Encoding.UTF8.GetBytes("""{"model":"gpt-5","input":"plain json, not compressed at all"}"""));
        var result = RequestBodyDecoder.Decode(body, coding, 1024 * 1024);
        Assert.Equal(BodyDecodeStatus.Corrupt, result.Status);
        Assert.Contains($"request body is not valid {coding}", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("zstd", "zstd")]
    [InlineData("br", "br")]
    [InlineData("deflate", "deflate")]
    [InlineData("raw-deflate", "deflate")]
    public void A_truncated_body_is_corrupt_wherever_it_is_cut(string encoder, string coding)
    {
        var whole = CompressedBodies.Encode(encoder, Json);
        // Half-way, inside the trailer, and one byte short: each used to decode "as far as it goes" for br and deflate.
        foreach (var cut in new[] { whole.Length / 2, 4, 1 })
        {
            using var body = Pooled(whole[..^cut]);
            var result = RequestBodyDecoder.Decode(body, coding, 1024 * 1024);
            Assert.True(result.Status == BodyDecodeStatus.Corrupt, $"{encoder} cut by {cut} bytes decoded to {result.Body?.Length} bytes");
            Assert.StartsWith($"request body is not valid {coding}: truncated", result.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_gzip_body_of_several_members_decodes_to_all_of_them()
    {
        // `cat a.gz b.gz` is valid gzip (RFC 1952 §2.2): the members' contents one after the other.
        var first = Encoding.UTF8.GetBytes("{\"model\":\"gpt-5\",");
        var second = Encoding.UTF8.GetBytes("\"input\":\"" + new string('y', 20_000) + "\"}");
        using var body = Pooled([.. CompressedBodies.Encode("gzip", first), .. CompressedBodies.Encode("gzip", second)]);

        var result = RequestBodyDecoder.Decode(body, "gzip", 1024 * 1024);

        Assert.Equal(BodyDecodeStatus.Decoded, result.Status);
        using var decoded = result.Body!;
        Assert.Equal([.. first, .. second], decoded.Memory.ToArray());
    }
}
