using System.Globalization;
using System.Text.RegularExpressions;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Metrics;

public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_prometheus_text_whose_counters_match_the_requests_sent()
    {
        using var home = new TempHome();
        await using var ok = await StubUpstream.JsonAsync(200, "{\"usage\":{\"input_tokens\":100,\"output_tokens\":7,\"total_tokens\":107}}");
        await using var broken = await StubUpstream.JsonAsync(502, "{\"error\":\"down\"}");
        TestConfig.Write(home, ServiceKind.Codex, "m", (broken.BaseUrl, "sk-a-0000000001", null), (ok.BaseUrl, "sk-b-0000000002", null));
        await using var proxy = await ProxyHarness.StartAsync(home, o => o with { CostOf = _ => 0.25m });

        for (var i = 0; i < 3; i++)
        {
            using var r = await proxy.Client.PostAsync("/responses", new StringContent("{\"model\":\"gpt-5\"}"));
            Assert.Equal(200, (int)r.StatusCode);
        }

        await proxy.LogLinesAsync(3);
        var text = await proxy.Client.GetStringAsync("/metrics");
        var samples = Parse(text);

        double Sum(string name, params (string Key, string Value)[] labels) => samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Sum(s => s.Value);

        Assert.Equal(3, Sum("codex_helper_requests_total", ("service", "codex"), ("status_class", "2xx"), ("upstream", ok.BaseUrl)));
        Assert.Equal(3, Sum("codex_helper_requests_total"));
        Assert.Equal(0, Sum("codex_helper_failures_total"));
        Assert.True(Sum("codex_helper_failovers_total", ("upstream", ok.BaseUrl)) >= 1);
        Assert.Equal(300, Sum("codex_helper_tokens_total", ("kind", "input"), ("model", "gpt-5")));
        Assert.Equal(21, Sum("codex_helper_tokens_total", ("kind", "output")));
        Assert.Equal(0.75, Sum("codex_helper_cost_usd_total"), 3);
        Assert.Equal(3, Sum("codex_helper_request_duration_seconds_count"));
        Assert.Equal(3, Sum("codex_helper_ttfb_seconds_count"));
        Assert.Equal(1, Sum("codex_helper_upstream_state", ("upstream", ok.BaseUrl), ("state", "ok")));
        Assert.Equal(0, Sum("codex_helper_dropped_log_lines_total"));
        Assert.Contains("# TYPE codex_helper_requests_total counter", text);
        Assert.DoesNotContain("sk-", text);
        Assert.Equal(3, ok.RequestCount + 0);
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var m = SampleLine().Match(line);
            Assert.True(m.Success, "not a Prometheus sample line: " + line);
            var labels = new Dictionary<string, string>();
            foreach (Match l in LabelPair().Matches(m.Groups["labels"].Value))
            {
                labels[l.Groups[1].Value] = l.Groups[2].Value.Replace("\\\"", "\"").Replace("\\\\", "\\");
            }

            var value = m.Groups["value"].Value;
            samples.Add(new Sample(m.Groups["name"].Value, labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }

        return samples;
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})? (?<value>\\S+)( \\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
