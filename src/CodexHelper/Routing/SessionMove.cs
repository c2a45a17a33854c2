using System.Text.Json.Serialization;

namespace CodexHelper.Routing;

/// <summary>
/// One session served elsewhere than on the upstream of its last turn: when, which session (its id cut short: enough
/// to match the log and the dashboard, no more), from where to where, and why (<see cref="UpstreamRouter"/>'s words,
/// the same as the log's <c>session_moved</c>).
/// </summary>
internal sealed record SessionMove
{
    /// <summary>How much of a session id a move keeps.</summary>
    public const int ShortIdLength = 8;

    [JsonPropertyName("at")] public DateTimeOffset At { get; init; }
    [JsonPropertyName("session")] public string Session { get; init; } = "";
    [JsonPropertyName("from")] public string From { get; init; } = "";
    [JsonPropertyName("to")] public string To { get; init; } = "";
    [JsonPropertyName("reason")] public string Reason { get; init; } = "";

    public static string ShortId(string session) => session.Length <= ShortIdLength ? session : session[..ShortIdLength];
}
