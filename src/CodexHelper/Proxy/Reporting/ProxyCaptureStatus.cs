using System.Text.Json.Serialization;

namespace CodexHelper.Proxy.Reporting;

/// <summary>The on-disk capture of inspected requests while it is on (<c>serve --capture</c>): where, how many kept, what it did.</summary>
internal sealed record ProxyCaptureStatus
{
    [JsonPropertyName("dir")] public string Dir { get; init; } = "";
    /// <summary>The newest this many files are kept; older ones are deleted as new ones arrive.</summary>
    [JsonPropertyName("keep")] public int Keep { get; init; }
    [JsonPropertyName("written")] public long Written { get; init; }
    /// <summary>Requests not written because the disk fell behind (the queue is bounded) or a write failed.</summary>
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
}
