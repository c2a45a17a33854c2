using System.Buffers;
using System.Text;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Translation.AnthropicToChat;

namespace CodexHelper.Tests.Translation.AnthropicToChat;

public sealed class ChatToAnthropicAllocationTests
{
    [Fact]
    public void A_text_delta_goes_through_without_allocating_per_event()
    {
        var translator = new ChatToAnthropicResponse(new AnthropicAnswer("msg_a", "m", true), new ToolNameMap());
        var chunk = Encoding.UTF8.GetBytes("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"some text é\"},\"finish_reason\":null}]}\n\n");
        var client = new ArrayBufferWriter<byte>(64 * 1024);
        var perDelta = AllocationProbe.PerFeed(translator, chunk, client);
        Assert.True(perDelta < 16, $"{perDelta:0.#} bytes allocated per text delta");

        translator.Feed("data: [DONE]\n\n"u8, client);
        Assert.Contains("message_stop", Encoding.UTF8.GetString(client.WrittenSpan), StringComparison.Ordinal);
    }
}
