using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Dashboard;

/// <summary>The dashboard page in a real headless Chromium, against a real proxy and stub relays.</summary>
public class DashboardBrowserTests
{
    [SkippableFact]
    public async Task The_page_shows_requests_live_upstreams_cooling_down_and_its_actions_move_traffic()
    {
        await using var f = await DashboardFixture.StartAsync();
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(f.DashboardUrl);
        await browser.WaitForAsync("document.getElementById('conn').textContent === 'live'", "the event stream to connect");
        await browser.WaitForAsync($"document.querySelector('tr[data-upstream={HeadlessChromium.Js(f.Flaky.BaseUrl)}][data-state=ok]')", "the flaky upstream shown as ok");
        await browser.EvaluateAsync("window.__sameDocument = 42");

        // A request through the proxy appears in the feed, with its tokens, without a reload.
        Assert.Equal(200, await f.SendAsync("gpt-5-live"));
        await browser.WaitForAsync("[...document.querySelectorAll('#feed tbody tr')].some(r => r.innerText.includes('gpt-5-live') && r.innerText.includes('1.2k / 345'))", "the request in the feed");
        Assert.Equal(42, (await browser.EvaluateAsync("window.__sameDocument"))!.GetValue<int>());

        // Injected failure: a 503 trips the flaky relay (threshold 1); the page shows it cooling down and the failover chain.
        f.FlakyFails = true;
        Assert.Equal(200, await f.SendAsync("gpt-5-failover"));
        await browser.WaitForAsync($"(() => {{ const r = document.querySelector('tr[data-upstream={HeadlessChromium.Js(f.Flaky.BaseUrl)}]'); return r && r.dataset.state === 'cooling_down' && /cooling down \\d+s/.test(r.innerText); }})()", "the flaky upstream cooling down with a countdown");
        await browser.WaitForAsync("[...document.querySelectorAll('#feed tbody tr')].some(r => r.innerText.includes('gpt-5-failover') && r.innerText.includes('503 →'))", "the failover chain in the feed");
        Assert.Equal(2, f.Flaky.RequestCount);

        // The inspector: attempts, the upstream's error text, masked headers, the body as sent.
        await browser.EvaluateAsync("[...document.querySelectorAll('#feed tbody tr')].find(r => r.innerText.includes('gpt-5-failover')).click()");
        await browser.WaitForAsync("document.getElementById('inspector-request') && document.getElementById('inspector-request').textContent.includes('gpt-5-failover')", "the inspector with the request body");
        var inspector = (await browser.EvaluateAsync("document.getElementById('inspector').innerText"))!.GetValue<string>();
        Assert.Contains("flaky relay is overloaded", inspector);
        Assert.Contains("sk-...9999", inspector);
        Assert.DoesNotContain("sk-client-placeholder-9999", inspector);
        Assert.Contains("response.completed", inspector);

        // Manual override with the page's buttons: clear the flaky relay's cooldown, take the healthy one out of
        // rotation: the router sends the next request to the flaky one; put the healthy one back.
        f.FlakyFails = false;
        await ClickAsync(browser, f.Flaky.BaseUrl, "clear_cooldown");
        await browser.WaitForAsync(RowState(f.Flaky.BaseUrl, "ok"), "the flaky relay back to ok");
        await ClickAsync(browser, f.Healthy.BaseUrl, "disable");
        await browser.WaitForAsync(RowState(f.Healthy.BaseUrl, "disabled"), "the healthy relay taken out");
        var healthyBefore = f.Healthy.RequestCount;
        Assert.Equal(200, await f.SendAsync("gpt-5-override"));
        Assert.Equal(3, f.Flaky.RequestCount);
        Assert.Equal(healthyBefore, f.Healthy.RequestCount);
        await ClickAsync(browser, f.Healthy.BaseUrl, "enable");
        await browser.WaitForAsync(RowState(f.Healthy.BaseUrl, "ok"), "the healthy relay put back");

        // An action: make "other" the active config with the page's own controls; the router obeys at once.
        await browser.EvaluateAsync("""
            (() => { const s = document.querySelector('select[data-config-select=codex]'); s.value = 'other';
                     document.querySelector('button[data-action=set_active][data-service=codex]').click(); })()
            """);
        await browser.WaitForAsync("document.getElementById('toast').textContent.includes('codex active config: other')", "the action's answer");
        Assert.Equal("other", ConfigStore.For(f.Home.Paths).Load()!.Codex.Active);
        // The proxy picks config.json's change up by itself; the page shows it when it did.
        await browser.WaitForAsync($"document.querySelector('tr[data-upstream={HeadlessChromium.Js(f.Spare.BaseUrl)}]')", "the new config's upstream on the page");
        Assert.Equal(200, await f.SendAsync("gpt-5-after-switch"));
        Assert.Single(f.Spare.Requests);

        // Nothing the page received holds a key.
        var html = (await browser.EvaluateAsync("document.documentElement.outerHTML"))!.GetValue<string>();
        Assert.DoesNotContain("secret-000", html);
    }

    private static string RowState(string upstream, string state) =>
        $"document.querySelector('tr[data-upstream={HeadlessChromium.Js(upstream)}][data-state={state}]')";

    private static async Task ClickAsync(HeadlessChromium browser, string upstream, string action)
    {
        var button = $"document.querySelector('tr[data-upstream={HeadlessChromium.Js(upstream)}] button[data-action={action}]')";
        await browser.WaitForAsync(button, $"the {action} button of {upstream}");
        await browser.EvaluateAsync(button + ".click()");
    }

    [SkippableFact]
    public async Task A_session_moved_to_another_upstream_is_shown_with_its_reason_and_the_pinned_count()
    {
        await using var f = await DashboardFixture.StartAsync();
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(f.DashboardUrl);
        await browser.WaitForAsync("document.getElementById('conn').textContent === 'live'", "the event stream to connect");
        const string body = """{"model":"gpt-5-moving","input":"hello","stream":true}""";

        Assert.Equal(200, await f.SendAsync(body, "sk-client-placeholder-9999", "sess-dash-move-1"));
        await browser.WaitForAsync("document.querySelector('.card[data-service=codex] .svc-stats').innerText.includes('1 session pinned')", "the pinned count");
        Assert.False((await browser.EvaluateAsync("!!document.querySelector('[data-session-moves]')"))!.GetValue<bool>());
        f.FlakyFails = true;
        Assert.Equal(200, await f.SendAsync(body, "sk-client-placeholder-9999", "sess-dash-move-1"));

        await browser.WaitForAsync("document.querySelector('[data-session-moves=codex] tr[data-session-move=sess-das]')", "the session's move");
        var row = (await browser.EvaluateAsync("document.querySelector('[data-session-moves=codex] tr[data-session-move=sess-das]').innerText"))!.GetValue<string>();
        Assert.Contains("previous upstream failed", row);
        Assert.Contains($"{new Uri(f.Flaky.BaseUrl).Authority} → {new Uri(f.Healthy.BaseUrl).Authority}", row);
        Assert.Contains("1 since start", (await browser.EvaluateAsync("document.querySelector('[data-session-moves=codex] h3').innerText"))!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        // The feed marks the turn that moved; its title says why.
        await browser.WaitForAsync("document.querySelector('#feed tbody tr [data-moved]')", "the moved turn marked in the feed");
        Assert.Equal("session moved: previous upstream failed", (await browser.EvaluateAsync("document.querySelector('#feed tbody tr [data-moved]').title"))!.GetValue<string>());
        Assert.Equal(1, (await browser.EvaluateAsync("document.querySelectorAll('#feed tbody tr [data-moved]').length"))!.GetValue<int>());
    }

    [SkippableFact]
    public async Task A_page_of_another_origin_cannot_act_even_with_the_token()
    {
        await using var f = await DashboardFixture.StartAsync();
        var token = await DashboardHttp.TokenAsync(f);
        await using var browser = await HeadlessChromium.StartAsync();
        // The spare stub plays the other web site: a different origin (port) on the same machine.
        await browser.NavigateAsync(f.Spare.BaseUrl + "/evil");
        var outcome = (await browser.EvaluateAsync($$"""
            fetch({{HeadlessChromium.Js(f.Proxy.Server.BaseAddress + "__codex_helper/api/action")}}, {
                method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
                body: JSON.stringify({ action: 'set_active', config: 'other', token: {{HeadlessChromium.Js(token)}} }) })
              .then(() => 'sent', () => 'failed')
            """))!.GetValue<string>();

        Assert.Equal("sent", outcome);
        Assert.Equal("main", ConfigStore.For(f.Home.Paths).Load()!.Codex.Active);
    }
}
