using System.Text;
using CodexHelper.TokenCounts;
using static CodexHelper.Tests.TokenCounts.UsageFixtures;

namespace CodexHelper.Tests.TokenCounts;

public sealed class SseFramingTests
{
    private const string UsageEvent = "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":6,\"total_tokens\":11}}}";
    private static readonly TokenUsage Expected = new() { InputTokens = 5, OutputTokens = 6, TotalTokens = 11 };

    [Fact]
    public void Crlf_and_cr_line_ends_frame_events()
    {
        Assert.Equal(Expected, ScanText(Sse, $"event: response.completed\r\ndata: {UsageEvent}\r\n\r\n"));
        Assert.Equal(Expected, ScanText(Sse, $"event: response.completed\rdata: {UsageEvent}\r\r"));
    }

    [Fact]
    public void Cr_at_chunk_end_and_lf_at_next_start_is_one_line_end_not_a_blank_line()
    {
        // Were "\r" + "\n" two line ends, the blank line would dispatch the first data line alone
        // (invalid JSON) and the second would be lost.
        var scanner = UsageScanner.Create(Sse);
        scanner.Feed(Bytes("data: {\"usage\":\r"));
        scanner.Feed(Bytes("\ndata: {\"input_tokens\":1,\"output_tokens\":2}}\r"));
        scanner.Feed(Bytes("\n\r"));
        scanner.Feed(Bytes("\n"));

        Assert.Equal(new TokenUsage { InputTokens = 1, OutputTokens = 2, TotalTokens = 3 }, scanner.Finish());
    }

    [Fact]
    public void Multi_line_data_is_joined_with_newlines_and_usage_in_a_later_line_counts()
    {
        const string stream = """
            event: response.completed
            data: {"type":"response.completed",
            data:  "response": {"status": "completed",
            data:   "usage": {"input_tokens": 8, "output_tokens": 9}}}

            data: [DONE]


            """;

        Assert.Equal(new TokenUsage { InputTokens = 8, OutputTokens = 9, TotalTokens = 17 }, ScanText(Sse, stream));
    }

    [Fact]
    public void Multi_line_data_survives_every_split_point()
    {
        var body = Bytes("data: {\"type\":\"message_delta\",\r\ndata:\"usage\":\r\ndata: {\"output_tokens\":4}}\r\n\r\n");

        for (var i = 0; i <= body.Length; i++)
        {
            Assert.Equal(4, Scan(Sse, body[..i], body[i..])?.OutputTokens);
        }
    }

    [Fact]
    public void Comments_other_fields_and_data_without_space_are_handled()
    {
        var stream = $": keep-alive\n\nid: 7\nretry: 1000\n: another comment\nevent:response.completed\ndata:{UsageEvent}\n\n";

        Assert.Equal(Expected, ScanText(Sse, stream));
    }

    [Fact]
    public void A_field_that_only_starts_with_data_is_not_data()
    {
        Assert.Null(ScanText(Sse, $"dataset: {UsageEvent}\n\n"));
    }

    [Fact]
    public void Done_marker_and_malformed_events_are_skipped_without_throwing()
    {
        var stream = $"data: [DONE]\n\ndata: {{\"usage\": {{\"input_tokens\": 1,,}}\n\ndata: {{\"usage\"\n\ndata: {UsageEvent}\n\ndata: [DONE]\n\n";

        Assert.Equal(Expected, ScanText(Sse, stream));
    }

    [Fact]
    public void Stream_cut_off_without_final_blank_line_still_counts()
    {
        Assert.Equal(Expected, ScanText(Sse, $"data: {UsageEvent}\n"));
        Assert.Equal(Expected, ScanText(Sse, $"data: {UsageEvent}"));
    }

    [Fact]
    public void Events_without_data_and_blank_lines_alone_yield_nothing()
    {
        Assert.Null(ScanText(Sse, "\n\n\r\n\r\revent: ping\n\n: hi\n\n"));
    }

    [Fact]
    public void Large_usage_event_split_into_small_chunks_is_reassembled()
    {
        // response.completed repeats the whole output; make it far larger than any chunk.
        var text = new string('x', 300_000);
        var stream = Bytes($"data: {{\"type\":\"response.completed\",\"response\":{{\"output\":[{{\"text\":\"{text}\"}}],\"usage\":{{\"input_tokens\":1,\"output_tokens\":2}}}}}}\n\n");

        var chunks = stream.Chunk(1000);

        Assert.Equal(3, ScanWith(Sse, chunks)?.TotalTokens);
    }

    [Fact]
    public void Non_utf8_inside_a_usage_event_is_skipped()
    {
        var bad = Bytes("data: {\"model\":\"").Concat(new byte[] { 0xFF, 0xFE }).Concat(Bytes("\",\"usage\":{\"input_tokens\":1}}\n\n")).ToArray();

        var scanner = UsageScanner.Create(Sse);
        scanner.Feed(bad);
        scanner.Feed(Bytes($"data: {UsageEvent}\n\n"));

        Assert.Equal(Expected, scanner.Finish());
    }

    [Fact]
    public void Garbage_and_binary_input_never_throws_and_a_later_good_event_still_counts()
    {
        var random = new Random(7);
        var needles = new[] { "data: ", "\"usage\"", "{", "}", "\n", "\r", ":", "[", "\"", "\\", "input_tokens", "1e400", "\"response\":" };
        foreach (var contentType in new[] { Sse, Json, null, "text/html" })
        {
            for (var round = 0; round < 300; round++)
            {
                var bytes = new List<byte>();
                for (var i = 0; i < 200; i++)
                {
                    if (random.Next(3) == 0)
                    {
                        bytes.AddRange(Encoding.UTF8.GetBytes(needles[random.Next(needles.Length)]));
                    }
                    else
                    {
                        bytes.Add((byte)random.Next(256));
                    }
                }

                if (contentType == Sse)
                {
                    bytes.AddRange(Bytes($"\n\ndata: {UsageEvent}\n\n"));
                }

                var scanner = UsageScanner.Create(contentType);
                var failure = Record.Exception(() =>
                {
                    foreach (var chunk in bytes.ToArray().Chunk(random.Next(1, 50)))
                    {
                        scanner.Feed(chunk);
                    }
                });
                var usage = scanner.Finish();

                Assert.Null(failure);
                if (contentType == Sse)
                {
                    // Output and total come from the last usage object; input from the last nonzero one.
                    Assert.Equal((5L, 6L, 11L), (usage!.InputTokens, usage.OutputTokens, usage.TotalTokens));
                }
            }
        }
    }
}
