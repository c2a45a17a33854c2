using CodexHelper.RequestLog;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.RequestLog;

public sealed class ReplicaLogSetsTests
{
    private static string Line(long ts, string instance) =>
        $"{{\"timestamp_ms\":{ts},\"service\":\"codex\",\"method\":\"POST\",\"path\":\"/responses\",\"status_code\":200,\"duration_ms\":5,\"config_name\":\"c\",\"upstream_base_url\":null,\"instance\":\"{instance}\"}}\n";

    [Fact]
    public void Readers_see_every_replica_log_and_tail_orders_them_by_time()
    {
        using var home = new TempHome();
        Directory.CreateDirectory(home.Paths.LogsDir);
        var a = RequestLogFiles.ForInstance(home.Paths.RequestLog, "a");
        var b = RequestLogFiles.ForInstance(home.Paths.RequestLog, "b");
        Assert.EndsWith("requests.a.jsonl", a);
        File.WriteAllText(home.Paths.RequestLog, Line(1000, "local"));
        File.WriteAllText(a + ".1", Line(1500, "a"));
        File.WriteAllText(a, Line(2000, "a") + Line(4000, "a"));
        File.WriteAllText(b, Line(3000, "b") + Line(5000, "b"));

        Assert.Equal([a, b], RequestLogFiles.InstanceSets(home.Paths.RequestLog));
        var reader = new RequestLogReader(home.Paths.RequestLog);
        Assert.Equal(6, RequestLogEntryReader.ReadAll(home.Paths.RequestLog).Count());
        var tail = reader.TailLines(3);
        Assert.Equal(["3000", "4000", "5000"], tail.Select(l => l.Split(',')[0].Split(':')[1]));
    }
}
