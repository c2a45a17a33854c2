using System.Buffers;
using System.Text;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

/// <summary>Feeds an upstream stream to a response translator in a given chunking and collects what the client gets.</summary>
internal static class TranslatorRun
{
    public static byte[] Stream(IResponseTranslator translator, string upstream, int chunk)
    {
        var bytes = Encoding.UTF8.GetBytes(upstream);
        var client = new ArrayBufferWriter<byte>();
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            translator.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), client);
        }

        translator.Finish(client);
        return client.WrittenSpan.ToArray();
    }

    /// <summary>Random chunk sizes from a fixed seed, so a failure repeats.</summary>
    public static byte[] StreamRandomly(IResponseTranslator translator, string upstream, int seed)
    {
        var bytes = Encoding.UTF8.GetBytes(upstream);
        var random = new Random(seed);
        var client = new ArrayBufferWriter<byte>();
        for (var i = 0; i < bytes.Length;)
        {
            var size = Math.Min(random.Next(1, 40), bytes.Length - i);
            translator.Feed(bytes.AsSpan(i, size), client);
            i += size;
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
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedClock(long unixSeconds) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
