using CodexHelper.Files;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Files;

public sealed class FileChangeWatcherTests
{
    [Fact]
    public async Task A_reload_that_throws_is_reported_once_and_the_next_edit_is_still_picked_up()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("watched.json", "1");
        var reloads = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var mtime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        void Edit(string text)
        {
            // In one step, so the watcher never sees the new text before its distinct mtime.
            File.WriteAllText(path + ".tmp", text);
            mtime = mtime.AddSeconds(10);
            File.SetLastWriteTimeUtc(path + ".tmp", mtime);
            File.Move(path + ".tmp", path, overwrite: true);
        }

        var watcher = new FileChangeWatcher(path, TimeSpan.FromMilliseconds(20), () =>
        {
            var text = File.ReadAllText(path);
            if (text == "boom")
            {
                throw new InvalidOperationException("not a user mistake: a bug");
            }

            reloads.Enqueue(text);
            return true;
        }, failures.Enqueue);
        Assert.Equal(["1"], reloads);

        Edit("boom");
        await Eventually.True(() => !failures.IsEmpty);
        Edit("2");
        await Eventually.True(() => reloads.Contains("2"));

        // Stopping completes normally whatever happened on the way.
        await watcher.DisposeAsync();
        Assert.Single(failures);
        Assert.Equal(["1", "2"], reloads);
    }

    [Fact]
    public async Task A_file_emptied_by_a_rewrite_in_progress_is_not_read_until_it_stays_empty_for_a_tick()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("watched.json", "1");
        var reloads = new List<string>();
        // No background tick in this test: each CheckOnce is one tick, so what the watcher saw is exact.
        var watcher = new FileChangeWatcher(path, TimeSpan.FromHours(1), () =>
        {
            reloads.Add(File.ReadAllText(path));
            return true;
        }, _ => { });

        // `cp new config.json`: truncated (seen by one tick), then written.
        File.WriteAllText(path, "");
        watcher.CheckOnce();
        Assert.Equal(["1"], reloads);
        File.WriteAllText(path, "22");
        watcher.CheckOnce();
        Assert.Equal(["1", "22"], reloads);

        // Emptied for real: read once it is still empty on the next tick, and not again after that.
        File.WriteAllText(path, "");
        watcher.CheckOnce();
        Assert.Equal(["1", "22"], reloads);
        watcher.CheckOnce();
        watcher.CheckOnce();
        Assert.Equal(["1", "22", ""], reloads);
        await watcher.DisposeAsync();
    }

    [Fact]
    public void A_broken_file_at_start_is_the_callers_error()
    {
        using var home = new TempHome();
        var path = home.WriteHelperFile("watched.json", "x");

        Assert.Throws<UserFacingException>(() => new FileChangeWatcher(path, TimeSpan.FromSeconds(1), () => throw new UserFacingException("bad"), _ => { }));
    }
}
