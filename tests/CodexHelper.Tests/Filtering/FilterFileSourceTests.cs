using System.Text;
using CodexHelper.Filtering;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Filtering;

public sealed class FilterFileSourceTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly ManualClock _clock = new();
    private readonly List<string> _warnings = [];
    private DateTime _mtime = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public void Dispose() => _home.Dispose();

    private string FilterPath => _home.Paths.FilterJson;

    private FilterFileSource Source() => new(FilterPath, _clock, _warnings.Add);

    /// <summary>Writes the file with a distinct mtime, so the test never depends on the file system's timestamp resolution.</summary>
    private void Write(string json)
    {
        File.WriteAllText(FilterPath, json);
        _mtime = _mtime.AddSeconds(10);
        File.SetLastWriteTimeUtc(FilterPath, _mtime);
    }

    private static string Filtered(FilterFileSource source, string body) =>
        Encoding.UTF8.GetString(source.Current.Apply(Encoding.UTF8.GetBytes(body), out _).Span);

    [Fact]
    public void Missing_file_means_no_rules()
    {
        var source = Source();
        Assert.Equal(0, source.Current.RuleCount);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Rules_in_the_file_are_used_from_the_start()
    {
        Write("""[{"op":"remove","source":"secret"}]""");
        var source = Source();
        Assert.Equal("a  b", Filtered(source, "a secret b"));
    }

    [Fact]
    public void Changes_are_picked_up_after_a_second_but_not_before()
    {
        Write("""[{"op":"replace","source":"x","target":"one"}]""");
        var source = Source();
        Assert.Equal("one", Filtered(source, "x"));

        Write("""[{"op":"replace","source":"x","target":"two"}]""");
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("one", Filtered(source, "x"));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("two", Filtered(source, "x"));
    }

    [Fact]
    public void A_rewrite_with_the_same_size_is_noticed_by_its_mtime()
    {
        Write("""[{"op":"replace","source":"x","target":"aaa"}]""");
        var source = Source();
        Assert.Equal("aaa", Filtered(source, "x"));

        Write("""[{"op":"replace","source":"x","target":"bbb"}]""");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("bbb", Filtered(source, "x"));
    }

    [Fact]
    public void The_file_is_not_reread_when_it_did_not_change()
    {
        Write("""[{"op":"remove","source":"x"}]""");
        var source = Source();
        var first = source.Current;

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Same(first, source.Current);
    }

    [Fact]
    public void A_malformed_file_keeps_the_last_good_rules_and_warns_once()
    {
        Write("""[{"op":"remove","source":"secret"}]""");
        var source = Source();

        Write("[\n  {\"op\":\"remove\",\"source\":\"secret\"},\n  {\"op\":\"explode\",\"source\":\"x\"}\n]");
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("a  b", Filtered(source, "a secret b"));
        }

        var warning = Assert.Single(_warnings);
        Assert.Contains($"{FilterPath}:3: rule 2: unknown op \"explode\"", warning);
        Assert.Contains("keeping the previous 1 rule", warning);

        // A second bad version is a new problem: one more warning.
        Write("[ oops");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, source.Current.RuleCount);
        Assert.Equal(2, _warnings.Count);

        // Fixed: the new rules apply and nothing more is reported.
        Write("""[{"op":"replace","source":"secret","target":"S"}]""");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a S b", Filtered(source, "a secret b"));
        Assert.Equal(2, _warnings.Count);
    }

    [Fact]
    public void A_malformed_file_at_start_warns_and_filters_nothing()
    {
        Write("not json");
        var source = Source();
        Assert.Equal(0, source.Current.RuleCount);
        Assert.Contains(FilterPath + ":1:", Assert.Single(_warnings));
    }

    [Fact]
    public void Deleting_the_file_removes_the_rules()
    {
        Write("""[{"op":"remove","source":"x"}]""");
        var source = Source();
        Assert.Equal(1, source.Current.RuleCount);

        File.Delete(FilterPath);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, source.Current.RuleCount);
    }

    [Fact]
    public async Task Concurrent_readers_always_see_a_complete_rule_set()
    {
        Write("""[{"op":"replace","source":"x","target":"1"}]""");
        var source = Source();
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                seen.Add(source.Current.RuleCount);
            }
        })).ToArray();

        Write("""[{"op":"replace","source":"x","target":"1"},{"op":"remove","source":"y"}]""");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(readers);

        Assert.All(seen, count => Assert.InRange(count, 1, 2));
        Assert.Equal(2, source.Current.RuleCount);
    }
}
