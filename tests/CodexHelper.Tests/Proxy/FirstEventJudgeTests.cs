using System.Text;
using CodexHelper.Proxy.Judging;

namespace CodexHelper.Tests.Proxy;

public class FirstEventJudgeTests
{
    private static (FirstEventVerdict Verdict, string? Reason) Judge(string stream, bool ended = false)
    {
        var scanned = 0;
        var verdict = FirstEventJudge.Judge(Encoding.UTF8.GetBytes(stream), ended, ref scanned, out var reason);
        return (verdict, reason);
    }

    private const string Created = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"status\":\"in_progress\",\"error\":null}}\n\n";
    private const string Delta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n";

    [Fact]
    public void Preamble_alone_keeps_holding_and_the_first_content_event_commits()
    {
        Assert.Equal(FirstEventVerdict.NeedMore, Judge(Created).Verdict);
        Assert.Equal(FirstEventVerdict.NeedMore, Judge(Created + ": keep-alive\n\n" + "event: response.in_progress\ndata: {\"type\":\"response.in_progress\"}\n\n").Verdict);
        Assert.Equal(FirstEventVerdict.Commit, Judge(Created + Delta).Verdict);
        Assert.Equal(FirstEventVerdict.NeedMore, Judge(Created + Delta[..20]).Verdict);
    }

    [Fact]
    public void Anthropic_message_start_and_ping_are_preamble_content_blocks_commit()
    {
        const string start = "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}\r\n\r\n";
        const string ping = "event: ping\ndata: {\"type\": \"ping\"}\n\n";
        Assert.Equal(FirstEventVerdict.NeedMore, Judge(start + ping).Verdict);
        Assert.Equal(FirstEventVerdict.Commit, Judge(start + ping + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0}\n\n").Verdict);
    }

    [Fact]
    public void Chat_completion_chunks_without_event_names_commit() =>
        Assert.Equal(FirstEventVerdict.Commit, Judge("data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n").Verdict);

    [Theory]
    [InlineData("event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"relay broke\"}}}\n\n", "response.failed (relay broke)")]
    [InlineData("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", "error (Overloaded)")]
    [InlineData("data: {\"error\":{\"message\":\"quota used up\",\"type\":\"insufficient_quota\"}}\n\n", "error (quota used up)")]
    [InlineData("data: {\"type\":\"error\",\"code\":\"x\",\"message\":\"bad relay\"}\n\n", "error (bad relay)")]
    public void An_error_first_fails_the_attempt_and_says_why(string errorEvent, string described)
    {
        var (verdict, reason) = Judge(Created + errorEvent);
        Assert.Equal(FirstEventVerdict.Failed, verdict);
        Assert.Equal("upstream sent an error event first: " + described, reason);
    }

    [Fact]
    public void An_empty_stream_or_one_that_ends_before_content_fails()
    {
        Assert.Equal((FirstEventVerdict.Failed, "upstream answered 200 with an empty stream"), Judge("", ended: true));
        Assert.Equal((FirstEventVerdict.Failed, "upstream stream ended before any content"), Judge(Created, ended: true));
        Assert.Equal((FirstEventVerdict.Failed, "upstream stream ended before any content"), Judge("data: [DONE]\n\n"));
    }

    [Fact]
    public void A_last_event_without_its_blank_line_is_still_judged_at_the_end()
    {
        Assert.Equal(FirstEventVerdict.Commit, Judge(Created + Delta.TrimEnd('\n'), ended: true).Verdict);
        Assert.Equal(FirstEventVerdict.Failed, Judge("event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"x\"}}", ended: true).Verdict);
    }

    [Fact]
    public void Scanning_resumes_where_it_stopped()
    {
        var bytes = Encoding.UTF8.GetBytes(Created + Delta);
        var scanned = 0;
        Assert.Equal(FirstEventVerdict.NeedMore, FirstEventJudge.Judge(bytes.AsSpan(0, Created.Length + 5), false, ref scanned, out _));
        Assert.Equal(Created.Length, scanned);
        Assert.Equal(FirstEventVerdict.Commit, FirstEventJudge.Judge(bytes, false, ref scanned, out _));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void Every_line_end_the_sse_spec_allows_is_judged_the_same(string eol)
    {
        string With(string lf) => lf.Replace("\n", eol, StringComparison.Ordinal);
        Assert.Equal(FirstEventVerdict.NeedMore, Judge(With(Created)).Verdict);
        Assert.Equal(FirstEventVerdict.Commit, Judge(With(Created + Delta)).Verdict);
        var (verdict, reason) = Judge(With(Created + "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{\"message\":\"relay broke\"}}}\n\n"));
        Assert.Equal(FirstEventVerdict.Failed, verdict);
        Assert.Equal("upstream sent an error event first: response.failed (relay broke)", reason);

        // The scan stops after the blank line, whichever line end it has.
        var bytes = Encoding.UTF8.GetBytes(With(Created + Delta));
        var scanned = 0;
        Assert.Equal(FirstEventVerdict.NeedMore, FirstEventJudge.Judge(bytes.AsSpan(0, With(Created).Length + 5), false, ref scanned, out _));
        Assert.Equal(With(Created).Length, scanned);
    }
}
