// TEMPORARY STUB: replaced by the filter-log branch.
using System.Text.Json;

namespace CodexHelper.RequestLog;

public sealed class RequestLogWriter(string path, long maxBytes = 50L * 1024 * 1024, int keepFiles = 5) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    public void Append(RequestLogEntry entry)
    {
        _ = (maxBytes, keepFiles);
        lock (_lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, JsonSerializer.Serialize(entry, RequestLogJsonContext.Default.RequestLogEntry) + "\n");
        }
    }
    public ValueTask FlushAsync(CancellationToken ct = default) => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
