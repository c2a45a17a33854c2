using System.Text;
using System.Text.Json;
using CodexHelper.Conversations;
using CodexHelper.Wire;

namespace CodexHelper.Tests.Conversations;

public class MintedStateScannerTests
{
    private static ulong HashOf(string value) => StateHash.Of(Encoding.UTF8.GetBytes(value));

    [Fact]
    public void Responses_events_yield_each_encrypted_content_once_even_when_cut_across_chunks()
    {
        var stream = "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":{\"type\":\"reasoning\",\"encrypted_content\":\"gAAAAA\\/x\"}}\n\n"
            + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}\n\n"
            + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"output\":[{\"type\":\"reasoning\",\"encrypted_content\":\"gAAAAA/x\"}]}}\n\n";
        var scanner = MintedStateScanner.For(WireProtocol.Responses)!;
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            scanner.Feed(bytes.AsSpan(i, Math.Min(7, bytes.Length - i)));
        }

        Assert.Equal([HashOf("gAAAAA/x")], scanner.Finish());
    }

    [Fact]
    public void An_Anthropic_signature_streamed_in_pieces_is_one_fingerprint_and_redacted_data_another()
    {
        var stream = "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqAB\"}}\n\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"cdef\"}}\n\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}}\n\n"
            + "data: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"input\":{\"data\":\"not state\"}}}\n\n";
        var scanner = MintedStateScanner.For(WireProtocol.Anthropic)!;
        scanner.Feed(Encoding.UTF8.GetBytes(stream));

        Assert.Equal(new HashSet<ulong> { HashOf("EqABcdef"), HashOf("opaque") }, scanner.Finish().ToHashSet());
    }

    [Fact]
    public void A_whole_json_answer_is_read_at_the_end_and_chat_mints_nothing()
    {
        var scanner = MintedStateScanner.For(WireProtocol.Anthropic)!;
        scanner.Feed("  {\"content\":[{\"type\":\"thinking\","u8);
        scanner.Feed("\"thinking\":\"t\",\"signature\":\"SIG\"},{\"type\":\"text\",\"text\":\"x\"}]}"u8);

        Assert.Equal([HashOf("SIG")], scanner.Finish());
        Assert.Null(MintedStateScanner.For(WireProtocol.Chat));
    }

    [Fact]
    public void A_whole_responses_answer_yields_its_encrypted_content_and_one_without_state_nothing()
    {
        var minted = MintedStateScanner.For(WireProtocol.Responses)!;
        minted.Feed("{\"output\":[{\"type\":\"reasoning\",\"encrypted_"u8);
        minted.Feed("content\":\"gAAAA1\"},{\"type\":\"message\"}]}"u8);
        var plain = MintedStateScanner.For(WireProtocol.Responses)!;
        plain.Feed("{\"output\":[{\"type\":\"reasoning\",\"summary\":[]},{\"type\":\"message\",\"content\":[]}]}"u8);

        Assert.Equal([HashOf("gAAAA1")], minted.Finish());
        Assert.Empty(plain.Finish());
    }

    [Fact]
    public void The_request_side_fingerprint_matches_the_answer_side_for_escaped_values()
    {
        var reader = new Utf8JsonReader("\"gAAAAA\\/x\""u8);
        reader.Read();

        Assert.Equal(HashOf("gAAAAA/x"), StateHash.Of(ref reader));
    }
}
