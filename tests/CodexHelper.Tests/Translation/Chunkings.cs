using System.Buffers;
using System.Text;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

/// <summary>Feeds an upstream stream whole, byte by byte and in random chunkings; all must give the same client bytes.</summary>
internal static class Chunkings
{
    internal static byte[] FeedAll(Func<IResponseTranslator> make, string upstream) => FeedAll(make, Encoding.UTF8.GetBytes(upstream));

    internal static byte[] FeedAll(Func<IResponseTranslator> make, byte[] upstream)
    {
        var whole = Feed(make(), upstream, [upstream.Length]);
        var bytewise = Feed(make(), upstream, Enumerable.Repeat(1, upstream.Length).ToArray());
        Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(bytewise));
        var random = new Random(upstream.Length);
        for (var round = 0; round < 8; round++)
        {
            var sizes = new List<int>();
            for (var left = upstream.Length; left > 0;)
            {
                var size = Math.Min(left, random.Next(1, 40));
                sizes.Add(size);
                left -= size;
            }

            Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(Feed(make(), upstream, [.. sizes])));
        }

        return whole;
    }

    internal static byte[] Feed(IResponseTranslator translator, byte[] upstream, int[] sizes)
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
}
