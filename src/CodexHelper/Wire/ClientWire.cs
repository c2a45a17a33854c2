namespace CodexHelper.Wire;

/// <summary>
/// What the proxy knows of a client request's wire format from its line and headers alone, decided once when it
/// arrives and carried with the request: its protocol, and whether it asked for an event stream on a turn path
/// (which decides the shape of the errors the proxy writes itself).
/// </summary>
internal readonly record struct ClientWire(WireProtocol Protocol, bool IsStreamingTurn)
{
    /// <summary>Whether the request is a turn (its protocol's turn path), the one request a translation applies to.</summary>
    public bool IsTurn { get; init; }

    public static ClientWire Of(string path, bool hasAnthropicVersion, string? accept)
    {
        var protocol = WireProtocols.OfClientRequest(path, hasAnthropicVersion);
        var turn = path.EndsWith(protocol.TurnPath(), StringComparison.Ordinal);
        var wantsEvents = accept is not null && accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
        return new ClientWire(protocol, turn && wantsEvents) { IsTurn = turn };
    }
}
