using CodexHelper.RequestLog;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Reports.UsageLogFixture;
using CodexHelper.Reports;

namespace CodexHelper.Tests.Reports;

public sealed class UsageTailTests
{
    [Fact]
    public void Formats_a_line_with_time_service_status_host_model_tokens_and_ms()
    {
        var line = UsageTailFormatter.FormatRaw(Line(Day1, status: 200, ms: 5320, input: 1234, output: 456, cached: 1000, upstream: "https://relay.example:8443/v1", error: "cut"), TimeZoneInfo.Utc);
        Assert.Equal("2026-01-01 00:00:00  codex  200 POST /responses  relay.example:8443  gpt-5  in 1234 (cached 1000) out 456  $? (no price)  5320 ms  error: cut", line);
        Assert.Null(UsageTailFormatter.FormatRaw("{not json", TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task Tail_prints_the_last_n_lines_readable_or_raw_across_rotation()
    {
        using var home = new TempHome();
        Write(home.Paths.RequestLog + ".1", Line(Day1, model: "m1"), Line(Day1 + 1, model: "m2"));
        Write(home.Paths.RequestLog, Line(Day1 + 2, model: "m3"), "broken line");

        var readable = await home.RunAsync("usage", "tail", "--limit", "3");
        Assert.Equal(0, readable.ExitCode);
        var lines = readable.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("m2", lines[0]);
        Assert.Contains("m3", lines[1]);
        Assert.Contains("skipped 1 malformed line", readable.Error);

        var raw = await home.RunAsync("usage", "tail", "--limit", "2", "--raw");
        Assert.Equal([Line(Day1 + 2, model: "m3"), "broken line"], raw.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Follow_prints_appended_lines_and_survives_rotation()
    {
        using var home = new TempHome();
        var log = home.Paths.RequestLog;
        Write(log, Line(Day1, model: "before"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var follower = new RequestLogFollower(log, TimeSpan.FromMilliseconds(20));
        // Written after the follower exists but before anyone asks it for a line: what `usage tail -f` does
        // while it prints the tail. A follower that opened the file only on its first read would miss it.
        File.AppendAllText(log, Line(Day1 + 1, model: "appended") + "\n" + Line(Day1 + 2, model: "half"));
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var line in follower.FollowAsync(cts.Token))
            {
                lock (seen)
                {
                    seen.Add(line);
                }

                if (line.Contains("after-rotation"))
                {
                    break;
                }
            }
        });

        await WaitFor(() => seen.Any(l => l.Contains("appended")), cts.Token);
        File.AppendAllText(log, "\n" + Line(Day1 + 3, model: "late-old-file") + "\n");
        File.Move(log, log + ".1");
        File.WriteAllText(log, Line(Day1 + 4, model: "after-rotation") + "\n");
        await reading;

        lock (seen)
        {
            Assert.DoesNotContain(seen, l => l.Contains("before"));
            Assert.Equal(["appended", "half", "late-old-file", "after-rotation"], seen.Select(l => l.Split("\"model\":\"")[1].Split('"')[0]));
        }
    }

    private static async Task WaitFor(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(10, ct);
        }
    }

    [Fact]
    public void A_failover_shows_the_chain_of_attempts()
    {
        const string raw = "{\"timestamp_ms\":1767225600000,\"service\":\"codex\",\"method\":\"POST\",\"path\":\"/responses\",\"status_code\":200,\"duration_ms\":900," +
            "\"upstream_base_url\":\"https://b.example/v1\",\"attempts\":[{\"upstream_base_url\":\"https://a.example/v1\",\"status_code\":503,\"duration_ms\":10}," +
            "{\"upstream_base_url\":\"https://c.example/v1\",\"error\":\"connect refused\",\"duration_ms\":1},{\"upstream_base_url\":\"https://b.example/v1\",\"status_code\":200,\"duration_ms\":880}]}";
        var line = UsageTailFormatter.FormatRaw(raw, TimeZoneInfo.Utc)!;
        Assert.Contains("200 POST /responses  b.example", line, StringComparison.Ordinal);
        Assert.EndsWith("failover: a.example 503 → c.example ✗ → b.example 200", line, StringComparison.Ordinal);
    }
}
