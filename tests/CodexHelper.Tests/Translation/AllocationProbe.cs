using System.Buffers;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

/// <summary>How many bytes a response translator allocates per event once warmed up (buffers sized, item open).</summary>
internal static class AllocationProbe
{
    public static double PerFeed(IResponseTranslator translator, byte[] chunk, ArrayBufferWriter<byte> client, int warmUp = 100, int events = 2000)
    {
        for (var i = 0; i < warmUp; i++)
        {
            translator.Feed(chunk, client);
            client.Clear();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < events; i++)
        {
            translator.Feed(chunk, client);
            client.Clear();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)events;
    }
}
