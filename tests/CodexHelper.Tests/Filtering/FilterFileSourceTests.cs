using System.Text;
using CodexHelper.Filtering;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Filtering;

/// <summary>filter.json reloads in the background (every 20 ms here); readers only read the last rules published.</summary>
public sealed class FilterFileSourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly TempHome _home = new();
    private readonly List<string> _warnings = [];
    private readonly List<FilterFileSource> _sources = [];
    private DateTime _mtime = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }

        _home.Dispose();
    }

    private string FilterPath => _home.Paths.FilterJson;

    private string[] Warnings()
    {
        lock (_warnings)
        {
            return [.. _warnings];
        }
    }

    private FilterFileSource Source(TimeSpan? interval = null)
    {
        var source = new FilterFileSource(FilterPath, w =>
        {
            lock (_warnings)
            {
                _warnings.Add(w);
            }
        }, interval ?? Interval);
        _sources.Add(source);
        return source;
    }

    /// <summary>
    /// Replaces the file in one step with a distinct mtime, so the test never depends on the file system's timestamp
    /// resolution and the watcher never sees the content before its mtime is set (two versions for one edit).
    /// </summary>
    private void Write(string json)
    {
        var temp = FilterPath + ".tmp";
        File.WriteAllText(temp, json);
        _mtime = _mtime.AddSeconds(10);
        File.SetLastWriteTimeUtc(temp, _mtime);
        File.Move(temp, FilterPath, overwrite: true);
    }

    private static string Filtered(FilterFileSource source, string body) =>
        Encoding.UTF8.GetString(source.Current.Apply(Encoding.UTF8.GetBytes(body), out _).Span);

    [Fact]
    public void Missing_file_means_no_rules()
    {
        var source = Source();
        Assert.Equal(0, source.Current.RuleCount);
        Assert.Empty(Warnings());
    }

    [Fact]
    public void Rules_in_the_file_are_used_from_the_start()
    {
        Write("""[{"op":"remove","source":"secret"}]""");
        var source = Source();
        Assert.Equal("a  b", Filtered(source, "a secret b"));
    }

    [Fact]
    public async Task Changes_are_picked_up_in_the_background_without_a_reader_asking()
    {
        Write("""[{"op":"replace","source":"x","target":"one"}]""");
        var source = Source();
        var first = source.Current;

        Write("""[{"op":"replace","source":"x","target":"two"}]""");

        await Eventually.True(() => !ReferenceEquals(first, source.Current));
        Assert.Equal("two", Filtered(source, "x"));
    }

    [Fact]
    public async Task A_rewrite_with_the_same_size_is_noticed_by_its_mtime()
    {
        Write("""[{"op":"replace","source":"x","target":"aaa"}]""");
        var source = Source();
        Assert.Equal("aaa", Filtered(source, "x"));

        Write("""[{"op":"replace","source":"x","target":"bbb"}]""");
        await Eventually.True(() => Filtered(source, "x") == "bbb");
    }

    [Fact]
    public async Task The_file_is_not_reread_when_it_did_not_change()
    {
        Write("""[{"op":"remove","source":"x"}]""");
        var source = Source();
        var first = source.Current;

        await Task.Delay(Interval * 10);
        Assert.Same(first, source.Current);

        // The watcher was running all along: an edit is picked up.
        Write("""[{"op":"remove","source":"y"}]""");
        await Eventually.True(() => !ReferenceEquals(first, source.Current));
    }

    [Fact]
    public async Task A_malformed_file_keeps_the_last_good_rules_and_warns_once()
    {
        Write("""[{"op":"remove","source":"secret"}]""");
        var source = Source();

        Write("[\n  {\"op\":\"remove\",\"source\":\"secret\"},\n  {\"op\":\"explode\",\"source\":\"x\"}\n]");
        await Eventually.True(() => Warnings().Length == 1);
        await Task.Delay(Interval * 5);
        Assert.Equal("a  b", Filtered(source, "a secret b"));
        var warning = Assert.Single(Warnings());
        Assert.Contains($"{FilterPath}:3: rule 2: unknown op \"explode\"", warning);
        Assert.Contains("keeping the previous 1 rule", warning);

        // A second bad version is a new problem: one more warning.
        Write("[ oops");
        await Eventually.True(() => Warnings().Length == 2);
        Assert.Equal(1, source.Current.RuleCount);

        // Fixed: the new rules apply and nothing more is reported.
        Write("""[{"op":"replace","source":"secret","target":"S"}]""");
        await Eventually.True(() => Filtered(source, "a secret b") == "a S b");
        Assert.Equal(2, Warnings().Length);
    }

    [Fact]
    public void A_malformed_file_at_start_warns_and_filters_nothing()
    {
        Write("not json");
        var source = Source();
        Assert.Equal(0, source.Current.RuleCount);
        Assert.Contains(FilterPath + ":1:", Assert.Single(Warnings()));
    }

    [Fact]
    public async Task Deleting_the_file_removes_the_rules()
    {
        Write("""[{"op":"remove","source":"x"}]""");
        var source = Source();
        Assert.Equal(1, source.Current.RuleCount);

        File.Delete(FilterPath);
        await Eventually.True(() => source.Current.RuleCount == 0);
    }

    [Fact]
    public async Task Concurrent_readers_always_see_a_complete_rule_set()
    {
        Write("""[{"op":"replace","source":"x","target":"1"}]""");
        var source = Source();
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.Add(source.Current.RuleCount);
            }
        })).ToArray();

        Write("""[{"op":"replace","source":"x","target":"1"},{"op":"remove","source":"y"}]""");
        await Eventually.True(() => source.Current.RuleCount == 2);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.All(seen, count => Assert.InRange(count, 1, 2));
    }
}
