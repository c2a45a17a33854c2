using System.Buffers;
using System.Text;
using CodexHelper.Translation.ResponsesToChat;

namespace CodexHelper.Tests.Translation.ResponsesToChat;

public sealed class ChatToResponsesAllocationTests
{
    [Fact]
    public void Text_deltas_allocate_next_to_nothing_per_event()
    {
        var translator = new ResponsesToChatTranslation().TranslateRequest("""{"model":"m","stream":true,"input":"hi"}"""u8).Response;
        var chunk = Encoding.UTF8.GetBytes("data: {\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token \\u00e9 \"},\"finish_reason\":null}],\"usage\":null}\n\n");
        var client = new ArrayBufferWriter<byte>(1 << 16);

        // Warm up: the first events open the item and size the buffers.
        for (var i = 0; i < 200; i++)
        {
            translator.Feed(chunk, client);
            client.Clear();
        }

        const int events = 2000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < events; i++)
        {
            translator.Feed(chunk, client);
            client.Clear();
        }

        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)events;

        // What remains is the accumulated text (kept for output_text.done), which grows by doubling.
        Assert.True(perEvent < 64, $"{perEvent:F1} bytes allocated per text delta");
    }
}
