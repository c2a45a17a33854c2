using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodexHelper.Files;

namespace CodexHelper.RequestLog;

/// <summary>
/// Appends one JSON line per request to logs/requests.jsonl, rotating by size.
/// Requests hand their entry to a <see cref="BackgroundBatcher{T}"/> and go on; its one task owns the file,
/// so lines from concurrent requests never interleave and no request waits for the disk.
/// </summary>
internal sealed class RequestLogWriter : IAsyncDisposable
{
    // Generous (a burst of this many requests while the disk stalls) yet bounded, so a dead disk cannot eat memory.
    private const int QueueCapacity = 100_000;
    private const int BatchBytes = 64 * 1024;

    // After a write the pump lets lines gather this long: a busy proxy then makes a few writes a second, not one
    // (plus the file checks) per request. Lines reach the file at most this much later.
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keepFiles;
    private readonly Action<string>? _warn;
    private readonly BackgroundBatcher<RequestLogEntry> _queue;

    // Owned by the batcher's task only.
    private readonly ArrayBufferWriter<byte> _batch = new(BatchBytes);
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _json;
    private FileStream? _file;
    private long _fileLength;
    private int _batchLines;

    private int _warnedIo;
    private int _warnedFull;
    private long _droppedLines;

    /// <summary>Lines lost since start: queue full, or a write that failed (the metrics read it).</summary>
    public long DroppedLines => Interlocked.Read(ref _droppedLines);
    private int _disposed;

    public RequestLogWriter(string path, long maxBytes = 50L * 1024 * 1024, int keepFiles = 5, Action<string>? warn = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(keepFiles);
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _keepFiles = keepFiles;
        _warn = warn;
        // The log is read by people and tools, not embedded in HTML: keep non-ASCII readable instead of \uXXXX.
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _queue = new BackgroundBatcher<RequestLogEntry>(QueueCapacity, BatchInterval, AddLine, WriteBatch, ReportIo);
    }

    public string FilePath => _path;

    /// <summary>Queues one line. Never waits for the disk and never throws.</summary>
    public void Append(RequestLogEntry entry)
    {
        if (_queue.TryAdd(entry))
        {
            return;
        }

        Interlocked.Increment(ref _droppedLines);
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _warnedFull, 1) == 0)
        {
            _warn?.Invoke($"{_path}: the disk is not keeping up; request log lines are being dropped");
        }
    }

    /// <summary>Completes when everything appended before the call has been written to the file.</summary>
    public async ValueTask FlushAsync(CancellationToken ct = default) => await _queue.FlushAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _queue.CompleteAsync();
            return;
        }

        await _queue.CompleteAsync();
        _file?.Dispose();
        _file = null;
        await _json.DisposeAsync();
    }

    private void AddLine(RequestLogEntry entry)
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        JsonSerializer.Serialize(_json, entry, RequestLogJsonContext.Default.RequestLogEntry);
        _json.Flush();
        _line.Write("\n"u8);

        if (_file is null)
        {
            // Learn the size of a file left by an earlier run before deciding whether this line fits.
            TryOpenCurrent();
        }

        var pending = _batch.WrittenCount;
        if (_fileLength + pending + _line.WrittenCount > _maxBytes && _fileLength + pending > 0)
        {
            // This line would push the file past its limit: finish the file with what precedes it, then rotate.
            WriteBatch();
            RotateIfStillFull(_line.WrittenCount);
        }

        _batch.Write(_line.WrittenSpan);
        _batchLines++;
        if (_batch.WrittenCount >= BatchBytes)
        {
            WriteBatch();
        }
    }

    /// <summary>Writes the pending lines with one write call, so another process appending too never splits them.</summary>
    private void WriteBatch()
    {
        if (_batch.WrittenCount == 0)
        {
            return;
        }

        try
        {
            var file = OpenCurrent();
            // Another process (the other service's proxy) may append to the same file: always write at its end.
            file.Seek(0, SeekOrigin.End);
            file.Write(_batch.WrittenSpan);
            _fileLength = file.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReportIo(ex);
            CloseCurrent();
            Interlocked.Add(ref _droppedLines, _batchLines);
        }
        finally
        {
            _batch.ResetWrittenCount();
            _batchLines = 0;
        }
    }

    private void RotateIfStillFull(int nextLine)
    {
        try
        {
            OpenCurrent();
            if (_fileLength == 0 || _fileLength + nextLine <= _maxBytes)
            {
                return;
            }

            CloseCurrent();
            RequestLogFiles.Rotate(_path, _keepFiles);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReportIo(ex);
            CloseCurrent();
        }
    }

    private void TryOpenCurrent()
    {
        try
        {
            OpenCurrent();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReportIo(ex);
            CloseCurrent();
        }
    }

    /// <summary>
    /// The open current file, reopened when someone else (another proxy process) rotated it away
    /// under us: then the name no longer points at the file we hold.
    /// </summary>
    private FileStream OpenCurrent()
    {
        if (_file is not null)
        {
            var onDisk = new FileInfo(_path);
            if (onDisk.Exists && onDisk.Length == _file.Length)
            {
                _fileLength = onDisk.Length;
                return _file;
            }

            CloseCurrent();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        // bufferSize 0: every Write goes straight to the OS, so a batch is exactly one write call.
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _fileLength = _file.Length;
        return _file;
    }

    private void CloseCurrent()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // Closing a handle whose disk failed: nothing more to save.
        }

        _file = null;
        _fileLength = 0;
    }

    private void ReportIo(Exception ex)
    {
        if (Interlocked.Exchange(ref _warnedIo, 1) == 0)
        {
            _warn?.Invoke($"{_path}: cannot write the request log ({ex.Message}); lines are being dropped");
        }
    }
}
