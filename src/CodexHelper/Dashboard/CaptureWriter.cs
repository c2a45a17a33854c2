using System.Globalization;
using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Files;
using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Reporting;
using CodexHelper.RequestLog;

namespace CodexHelper.Dashboard;

/// <summary>
/// The opt-in disk capture: each inspected request as one JSON file (what the inspector shows, keys masked) in
/// <c>captures/&lt;service&gt;/</c>, written atomically by the one background batcher, never on the request path.
/// Bounded by count: only the newest <see cref="CaptureSettings.Keep"/> files stay; what the queue cannot take is
/// dropped and counted.
/// </summary>
internal sealed class CaptureWriter : IAsyncDisposable
{
    private const int QueueCapacity = 256;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _dir;
    private readonly int _keep;
    private readonly SecretScrubber _scrubber;
    private readonly Action<string, byte[]> _writeFile;
    private readonly Action<string> _say;
    private readonly BackgroundBatcher<Pending> _batcher;
    private readonly List<Pending> _batch = [];
    private readonly Queue<string> _files;
    private long _written;
    private long _dropped;
    private bool _failedOnce;

    private readonly record struct Pending(long Id, RequestLogEntry Entry, RequestCapture Capture);

    public CaptureWriter(string dir, CaptureSettings settings, SecretScrubber scrubber, Action<string> say)
    {
        _dir = dir;
        _keep = Math.Max(1, settings.Keep);
        _scrubber = scrubber;
        _say = say;
        _writeFile = settings.WriteFile ?? ((path, bytes) => AtomicFile.WriteAllBytes(path, bytes, OwnerOnly));
        _files = new Queue<string>(Existing(dir));
        _batcher = new BackgroundBatcher<Pending>(QueueCapacity, TimeSpan.FromMilliseconds(200), _batch.Add, WriteBatch, Failed);
    }

    public ProxyCaptureStatus Status => new()
    {
        Dir = _dir,
        Keep = _keep,
        Written = Interlocked.Read(ref _written),
        Dropped = Interlocked.Read(ref _dropped),
    };

    /// <summary>Hands the request to the writer; never waits (a full queue drops it and counts).</summary>
    public void Add(long id, RequestLogEntry entry, RequestCapture capture)
    {
        if (!_batcher.TryAdd(new Pending(id, entry, capture)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public Task FlushAsync(CancellationToken ct = default) => _batcher.FlushAsync(ct);

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    private void WriteBatch()
    {
        try
        {
            foreach (var p in _batch)
            {
                WriteOne(p);
            }
        }
        finally
        {
            _batch.Clear();
        }
    }

    private void WriteOne(Pending p)
    {
        var name = FileName(p);
        try
        {
            var inspection = DashboardFeed.Inspection(p.Id, p.Entry, p.Capture, _scrubber);
            CreateDirectory();
            _writeFile(Path.Combine(_dir, name), JsonSerializer.SerializeToUtf8Bytes(inspection, DashboardJsonContext.Default.RequestInspection));
            Interlocked.Increment(ref _written);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _dropped);
            Failed(ex);
            return;
        }

        _files.Enqueue(name);
        while (_files.Count > _keep)
        {
            TryDelete(_files.Dequeue());
        }
    }

    // Bodies are the user's prompts: the folders are the owner's only, like the files.
    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_dir);
        }
        else
        {
            // The mode applies to the folder created last only: captures/ first, then captures/<service>/.
            Directory.CreateDirectory(Path.GetDirectoryName(_dir)!, OwnerOnly | UnixFileMode.UserExecute);
            Directory.CreateDirectory(_dir, OwnerOnly | UnixFileMode.UserExecute);
        }
    }

    // Time first so that names sort in order across restarts; the pid and id keep two proxies' files apart.
    private static string FileName(Pending p) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.FromUnixTimeMilliseconds(p.Entry.TimestampMs):yyyyMMdd'T'HHmmss.fff'Z'}-{Environment.ProcessId}-{p.Id:D6}.json");

    private static IEnumerable<string> Existing(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.json").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)
            : [];

    private void TryDelete(string name)
    {
        try
        {
            File.Delete(Path.Combine(_dir, name));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Failed(ex);
        }
    }

    // Once per run: a full disk would otherwise print a line per request.
    private void Failed(Exception ex)
    {
        if (!_failedOnce)
        {
            _failedOnce = true;
            _say($"capture: cannot write to {_dir}: {ex.Message} (requests are not affected)");
        }
    }
}
