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

        // The warm-up opens the item and sizes the buffers.
        var perEvent = AllocationProbe.PerFeed(translator, chunk, client, warmUp: 200);

        // What remains is the accumulated text (kept for output_text.done), which grows by doubling.
        Assert.True(perEvent < 64, $"{perEvent:F1} bytes allocated per text delta");
    }
}
