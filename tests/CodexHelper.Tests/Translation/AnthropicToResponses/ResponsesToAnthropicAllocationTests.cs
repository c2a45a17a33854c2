using System.Buffers;
using System.Text;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicClient;
using CodexHelper.Translation.AnthropicToResponses;

namespace CodexHelper.Tests.Translation.AnthropicToResponses;

public sealed class ResponsesToAnthropicAllocationTests
{
    [Fact]
    public void A_text_delta_goes_through_without_allocating_per_event()
    {
        var translator = new ResponsesToAnthropicResponse(new AnthropicAnswer("msg_a", "m", true), new ToolNameMap());
        var chunk = Encoding.UTF8.GetBytes("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"some text é\"}\n\n");
        var client = new ArrayBufferWriter<byte>(64 * 1024);
        var perDelta = AllocationProbe.PerFeed(translator, chunk, client);
        Assert.True(perDelta < 16, $"{perDelta:0.#} bytes allocated per text delta");
    }
}
