namespace CodexHelper.Proxy.Intake;

/// <summary>
/// What the decode step made of a request body, said explicitly rather than left in the request's headers: the body
/// to forward, whether it is still compressed (a coding passed through as sent: nothing may rewrite it), or why it
/// was refused.
/// </summary>
internal readonly record struct DecodedBody(PooledBody? Body, bool StillCompressed, BodyRefusal? Refused = null);
