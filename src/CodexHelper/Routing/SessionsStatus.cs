using System.Text.Json.Serialization;

namespace CodexHelper.Routing;

/// <summary>Session affinity as <c>GET /__codex_helper/status</c> reports it: is it on, how many sessions it holds, the last moves.</summary>
internal sealed record SessionsStatus
{
    /// <summary><c>routing.session_affinity</c> of the active config.</summary>
    [JsonPropertyName("affinity")] public bool Affinity { get; init; }
    /// <summary>Sessions that go back to the upstream of their last turn (seen within the idle expiry).</summary>
    [JsonPropertyName("pinned")] public int Pinned { get; init; }
    /// <summary>Moves since the proxy started; <see cref="RecentMoves"/> holds only the last ones.</summary>
    [JsonPropertyName("moves")] public long Moves { get; init; }
    /// <summary>The last moves, newest first.</summary>
    [JsonPropertyName("recent_moves")] public IReadOnlyList<SessionMove> RecentMoves { get; init; } = [];
}
