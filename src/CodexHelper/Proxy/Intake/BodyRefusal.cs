namespace CodexHelper.Proxy.Intake;

/// <summary>Why a request body is refused before anything is forwarded, and whether the connection must close (part of it may be unread).</summary>
internal readonly record struct BodyRefusal(int Status, string Message, bool CloseConnection);
