using System.Net;
using System.Net.Http.Headers;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.SharedState;

/// <summary>Two gateway replicas (in this process, each with its own Kestrel) sharing spend through a real redis-server.</summary>
public sealed class SharedBudgetTests
{
    [SkippableFact]
    public async Task A_budget_spent_through_one_replica_is_refused_on_the_other()
    {
        using var home = new TempHome();
        await using var redis = await RedisServer.StartAsync();
        await using var stub = await StubUpstream.JsonAsync(200, "{\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}");
        TestConfig.Write(home, ServiceKind.Codex, "team", (stub.BaseUrl, "sk-upstream-0000001", null));
        var token = (await home.RunAsync("token", "add", "alice", "--budget-usd", "2.5", "--period", "month")).Out.Trim();
        await using var a = await ProxyHarness.StartAsync(home, o => o with { Gateway = true, Instance = "a", StateUrl = redis.Url, CostOf = _ => 1.0m });
        await using var b = await ProxyHarness.StartAsync(home, o => o with { Gateway = true, Instance = "b", StateUrl = redis.Url, CostOf = _ => 1.0m });

        async Task<HttpStatusCode> Send(ProxyHarness replica)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("{\"model\":\"gpt-5\"}") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await replica.Client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Send(b)); // b asks about alice's spend from now on
        Assert.Equal(HttpStatusCode.OK, await Send(a));
        Assert.Equal(HttpStatusCode.OK, await Send(a));

        // $3 spent of $2.50: a knows its own $2 at once and b's $1 within a sync round or two.
        var refused = false;
        for (var i = 0; i < 60 && !refused; i++)
        {
            await Task.Delay(100);
            refused = await Send(a) == HttpStatusCode.TooManyRequests;
        }

        Assert.True(refused, "replica a never refused the spent token");
        refused = false;
        for (var i = 0; i < 60 && !refused; i++)
        {
            await Task.Delay(100);
            refused = await Send(b) == HttpStatusCode.TooManyRequests;
        }

        Assert.True(refused, "replica b never saw the spend made through replica a");
        // Replicas learn each other's spend once per sync round, so a few requests may slip past the budget meanwhile;
        // but every forwarded request is charged exactly once in Redis, whichever replica served it.
        var forwarded = stub.RequestCount;
        Assert.InRange(forwarded, 3, 8);
        var period = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        string? total = null;
        for (var i = 0; i < 40 && total != forwarded.ToString(System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            await Task.Delay(50);
            total = await redis.GetAsync($"codex-helper:spend:alice:{period}");
        }

        Assert.Equal(forwarded.ToString(System.Globalization.CultureInfo.InvariantCulture), total);
    }
}
