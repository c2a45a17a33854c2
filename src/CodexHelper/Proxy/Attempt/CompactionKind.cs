namespace CodexHelper.Proxy.Attempt;

/// <summary>Which of Codex's two compaction requests a client request is, if any.</summary>
internal enum CompactionKind
{
    None,

    /// <summary>Remote compaction v2: a <c>/responses</c> turn whose input ends with a <c>compaction_trigger</c> item.</summary>
    Inline,

    /// <summary><c>POST /responses/compact</c>, answered with one JSON object whose <c>output</c> replaces the history.</summary>
    Endpoint,
}
