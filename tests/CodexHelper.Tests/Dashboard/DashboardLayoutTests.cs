using System.Text.RegularExpressions;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Dashboard;

/// <summary>The page fits common laptop widths in a real headless Chromium: nothing scrolls sideways, cut text keeps its full form in a title.</summary>
public partial class DashboardLayoutTests
{
    private const string LongPath = "/openai/deployments/a-relay-with-a-rather-long-deployment-name-for-the-codex-models/v1";
    private const string LongConfig = "team-relays-behind-the-corporate-gateway-in-frankfurt";

    [SkippableTheory]
    [InlineData(1440)]
    [InlineData(1024)]
    public async Task No_card_and_not_the_page_scroll_sideways_with_long_urls_names_and_errors(int width)
    {
        // Long relay URLs (a path after the host, as Azure-style relays have) and a long config name.
        await using var f = await DashboardFixture.StartAsync(home =>
        {
            var config = File.ReadAllText(home.Paths.ConfigJson);
            config = BaseUrl().Replace(config, m => m.Value[..^1] + LongPath + "\"");
            File.WriteAllText(home.Paths.ConfigJson, config.Replace("\"other\"", "\"" + LongConfig + "\"", StringComparison.Ordinal));
            // Earlier today: sessions (their resume commands are the widest cells of Today's tables) on a long URL.
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            home.WriteHelperFile("logs/requests.jsonl", string.Concat(new[] { ("codex", "019ac2f1-7d3e-7a51-9c4b-2e6f0a8d1b77"), ("claude", "5b9e4c1a-0f3d-4e8b-a2c7-91d6e0f4b3a8") }
                .Select((x, i) => $$$"""{"timestamp_ms":{{{now - 1000 - i}}},"service":"{{{x.Item1}}}","method":"POST","path":"/responses","status_code":200,"duration_ms":900,"config_name":"main","upstream_base_url":"https://relay.example.com{{{LongPath}}}","model":"claude-sonnet-4-5-20250929-with-a-long-suffix","session_id":"{{{x.Item2}}}","usage":{"input_tokens":41230,"output_tokens":312,"total_tokens":41542},"cost_usd":0.054321}""" + "\n")));
        });
        // One relay failing: its row gets the longest content (countdown, last error, two buttons), the feed a failover chain.
        f.FlakyFails = true;
        Assert.Equal(200, await f.SendAsync("gpt-5-codex-with-a-long-model-name-2026-11-01"));
        await using var browser = await HeadlessChromium.StartAsync(width, 900);
        await browser.NavigateAsync(f.DashboardUrl);
        await browser.WaitForAsync("document.querySelector('tr[data-state=cooling_down] button[data-action=clear_cooldown]')", "the failing relay with its buttons");
        await browser.WaitForAsync("document.querySelectorAll('#feed tbody tr').length === 1", "the request in the feed");
        await browser.WaitForAsync("document.getElementById('by-session').innerText.includes('claude --resume 5b9e4c1a')", "today's sessions with their resume commands");
        Assert.InRange((await browser.EvaluateAsync("window.innerWidth"))!.GetValue<int>(), width - 20, width);

        var overflowing = (await browser.EvaluateAsync("""
            JSON.stringify([document.documentElement, ...document.querySelectorAll('.card, .card .scroll')]
              .filter(e => e.scrollWidth > e.clientWidth)
              .map(e => (e.className || e.tagName) + ' ' + (e.dataset.service || '') + ': ' + e.scrollWidth + ' > ' + e.clientWidth))
            """))!.GetValue<string>();
        Assert.Equal("[]", overflowing);

        // Cut text is still there in full, for the mouse and for copying.
        var url = (await browser.EvaluateAsync("document.querySelector('.services tr[data-upstream] td.url').title"))!.GetValue<string>();
        Assert.EndsWith(LongPath, url);
        var buttons = (await browser.EvaluateAsync("(() => { const r = document.querySelector('tr[data-state=cooling_down]'); const c = r.closest('.card').getBoundingClientRect(); return [...r.querySelectorAll('button')].every(b => { const x = b.getBoundingClientRect(); return x.right <= c.right && x.width > 0; }); })()"))!.GetValue<bool>();
        Assert.True(buttons, "the row's buttons lie inside the card");
    }

    [GeneratedRegex("\"base_url\":\"http://127\\.0\\.0\\.1:\\d+\"")]
    private static partial Regex BaseUrl();
}
