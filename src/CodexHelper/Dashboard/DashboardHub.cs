using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CodexHelper.Dashboard;

/// <summary>
/// Fans events out to connected viewers. An event is serialised once, and only when someone is connected;
/// publishing never waits (each viewer has its own bounded queue).
/// </summary>
internal sealed class DashboardHub
{
    /// <summary>Frames a viewer may have queued before newer ones are dropped for it.</summary>
    public const int ViewerCapacity = 1024;

    private readonly Lock _gate = new();
    private DashboardViewer[] _viewers = [];

    public bool HasViewers => Volatile.Read(ref _viewers).Length > 0;

    public int ViewerCount => Volatile.Read(ref _viewers).Length;

    /// <summary>Raised after a viewer joined (the upstream watcher sleeps until then).</summary>
    public event Action? ViewerJoined;

    public DashboardViewer Join(int capacity = ViewerCapacity)
    {
        var viewer = new DashboardViewer(capacity);
        lock (_gate)
        {
            _viewers = [.. _viewers, viewer];
        }

        ViewerJoined?.Invoke();
        return viewer;
    }

    public void Leave(DashboardViewer viewer)
    {
        lock (_gate)
        {
            _viewers = [.. _viewers.Where(v => v != viewer)];
        }

        viewer.Close();
    }

    public void Publish<T>(string eventName, T payload, JsonTypeInfo<T> type)
    {
        var viewers = Volatile.Read(ref _viewers);
        if (viewers.Length == 0)
        {
            return;
        }

        var frame = Frame(eventName, payload, type);
        foreach (var viewer in viewers)
        {
            viewer.Offer(frame);
        }
    }

    /// <summary>An event nobody gets (over the rate the feed shows): every viewer is told with its next event.</summary>
    public void Skip()
    {
        foreach (var viewer in Volatile.Read(ref _viewers))
        {
            viewer.CountDropped();
        }
    }

    public void CloseAll()
    {
        DashboardViewer[] viewers;
        lock (_gate)
        {
            viewers = _viewers;
            _viewers = [];
        }

        foreach (var v in viewers)
        {
            v.Close();
        }
    }

    /// <summary>One Server-Sent Events frame: <c>event: NAME</c>, one <c>data:</c> line of JSON (never contains a newline), a blank line.</summary>
    public static byte[] Frame<T>(string eventName, T payload, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(Encoding.ASCII.GetBytes("event: " + eventName + "\ndata: "));
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(json, payload, type);
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
