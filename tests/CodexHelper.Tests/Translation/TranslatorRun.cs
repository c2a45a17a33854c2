using System.Buffers;
using System.Text;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

/// <summary>
/// Feeds an upstream answer to a response translator and collects what the client gets: a stream in a given
/// chunking (whole, fixed-size, random from a seed, or all of them at once, which must agree), a body, an error.
/// </summary>
internal static class TranslatorRun
{
    public static byte[] Stream(IResponseTranslator translator, string upstream, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(upstream);
        var sizes = Enumerable.Repeat(chunk, (bytes.Length + chunk - 1) / chunk).ToArray();
        if (sizes.Length > 0)
        {
            sizes[^1] = bytes.Length - (chunk * (sizes.Length - 1));
        }

        return Feed(translator, bytes, sizes);
    }

    /// <summary>Random chunk sizes from a fixed seed, so a failure repeats.</summary>
    public static byte[] StreamRandomly(IResponseTranslator translator, string upstream, int seed)
    {
        var bytes = Encoding.UTF8.GetBytes(upstream);
        return Feed(translator, bytes, RandomSizes(bytes.Length, new Random(seed)));
    }

    /// <summary>Feeds the stream whole, byte by byte and in random chunkings; all must give the same client bytes.</summary>
    public static byte[] FeedAll(Func<IResponseTranslator> make, string upstream) => FeedAll(make, Encoding.UTF8.GetBytes(upstream));

    public static byte[] FeedAll(Func<IResponseTranslator> make, byte[] upstream)
    {
        var whole = Feed(make(), upstream, [upstream.Length]);
        var bytewise = Feed(make(), upstream, Enumerable.Repeat(1, upstream.Length).ToArray());
        Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(bytewise));
        var random = new Random(upstream.Length);
        for (var round = 0; round < 8; round++)
        {
            Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(Feed(make(), upstream, RandomSizes(upstream.Length, random))));
        }

        return whole;
    }

    public static byte[] Feed(IResponseTranslator translator, byte[] upstream, int[] sizes)
    {
        var client = new ArrayBufferWriter<byte>();
        var at = 0;
        foreach (var size in sizes)
        {
            if (size == 0)
            {
                continue;
            }

            translator.Feed(upstream.AsSpan(at, size), client);
            at += size;
        }

        translator.Finish(client);
        return client.WrittenSpan.ToArray();
    }

    public static byte[] Body(IResponseTranslator translator, string body)
    {
        var client = new ArrayBufferWriter<byte>();
        translator.TranslateBody(Encoding.UTF8.GetBytes(body), client);
        return client.WrittenSpan.ToArray();
    }

    public static byte[] Error(IResponseTranslator translator, int status, string body)
    {
        var client = new ArrayBufferWriter<byte>();
        translator.TranslateError(status, Encoding.UTF8.GetBytes(body), client);
        return client.WrittenSpan.ToArray();
    }

    private static int[] RandomSizes(int length, Random random)
    {
        var sizes = new List<int>();
        for (var left = length; left > 0;)
        {
            var size = Math.Min(left, random.Next(1, 40));
            sizes.Add(size);
            left -= size;
        }

        return [.. sizes];
    }
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedClock(long unixSeconds) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
