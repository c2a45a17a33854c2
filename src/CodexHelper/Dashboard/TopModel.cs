using System.Text.Json;

namespace CodexHelper.Dashboard;

/// <summary>What <c>top</c> shows, kept up to date from the dashboard's events.</summary>
internal sealed class TopModel(string service)
{
    public const int MaxRequests = 100;

    private readonly LinkedList<FeedItem> _requests = new();

    public string Service { get; } = service;
    public ServiceState? State { get; private set; }
    public DateTimeOffset StateAt { get; private set; }
    public TodayReport? Today { get; set; }
    public long Dropped { get; private set; }
    public IEnumerable<FeedItem> Requests => _requests;

    /// <summary>Applies one event; true when something visible changed.</summary>
    public bool Apply(string name, string data, DateTimeOffset now)
    {
        switch (name)
        {
            case "state":
                var state = JsonSerializer.Deserialize(data, DashboardJsonContext.Default.DashboardState);
                State = state?.Services.FirstOrDefault(s => s.Live);
                StateAt = now;
                foreach (var r in state?.Recent ?? [])
                {
                    Add(r);
                }

                return true;
            case "upstreams":
                State = JsonSerializer.Deserialize(data, DashboardJsonContext.Default.ServiceState);
                StateAt = now;
                return true;
            case "request":
                if (JsonSerializer.Deserialize(data, DashboardJsonContext.Default.FeedItem) is { } item)
                {
                    Add(item);
                    Today = Today is null ? null : Today with { Total = Count(Today.Total, item) };
                    // The header's counts move with every request; upstream events come only on a change.
                    State = State is null ? null : State with { Requests = State.Requests + 1 };
                }

                return true;
            case "dropped":
                Dropped += JsonSerializer.Deserialize(data, DashboardJsonContext.Default.DroppedEvent)?.Dropped ?? 0;
                return true;
            default:
                return false;
        }
    }

    private void Add(FeedItem item)
    {
        if (_requests.First is { } first && first.Value.Id >= item.Id)
        {
            return;
        }

        _requests.AddFirst(item);
        while (_requests.Count > MaxRequests)
        {
            _requests.RemoveLast();
        }
    }

    private static TodayRow Count(TodayRow row, FeedItem item) => row with
    {
        Requests = row.Requests + 1,
        Errors = row.Errors + (item.Status is < 200 or > 299 || item.Error is not null ? 1 : 0),
        InputTokens = row.InputTokens + item.InputTokens,
        OutputTokens = row.OutputTokens + item.OutputTokens,
        TotalTokens = row.TotalTokens + item.TotalTokens,
        CostUsd = item.CostUsd is { } c ? (row.CostUsd ?? 0) + c : row.CostUsd,
    };
}
