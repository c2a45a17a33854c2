namespace CodexHelper.Sessions;

/// <summary>
/// Finds sessions for a directory, fast at tens of thousands of files: every file gets one small head
/// read (id, start, cwd) in parallel; only sessions that match the directory are ranked, and only the
/// top <c>limit</c> of them (by mtime, a free key) are opened further for title, turns and last activity.
/// </summary>
internal sealed class SessionIndex
{
    private readonly ISessionFormat _format;
    private readonly int _parallelism;

    public SessionIndex(AppPaths paths, SessionSource source, int? maxParallelism = null)
    {
        _format = source == SessionSource.Claude ? new ClaudeSessionFile(paths) : new CodexRolloutFile(paths);
        _parallelism = Math.Max(1, maxParallelism ?? Math.Min(Environment.ProcessorCount, 8));
    }

    public SessionSource Source => _format.Source;

    public IReadOnlyList<string> Roots => _format.Roots;

    /// <summary>Matching sessions, exact directory first, then nearest, each group newest first.</summary>
    public IReadOnlyList<SessionSummary> List(SessionQuery query, CancellationToken cancellationToken = default)
    {
        var candidates = Candidates(query.Directory, cancellationToken);
        var top = candidates.Take(Math.Max(1, query.Limit)).ToArray();
        var summaries = new SessionSummary[top.Length];
        Parallel.For(0, top.Length, Options(cancellationToken), i =>
            summaries[i] = Summarize(top[i], ReadMessagesOrEmpty(top[i].Head.File.Path, userOnly: true)));
        return Order(top, summaries);
    }

    /// <summary>Sessions whose user messages contain <paramref name="text"/> (case-insensitive), ordered like <see cref="List"/>.</summary>
    public IReadOnlyList<SessionSummary> Search(string text, SessionQuery query, CancellationToken cancellationToken = default)
    {
        var candidates = Candidates(query.Directory, cancellationToken);
        var limit = Math.Max(1, query.Limit);
        var found = new List<(Ranked, SessionSummary)>();
        // Scan in rank order, a chunk at a time in parallel, and stop once enough sessions matched.
        const int chunkSize = 128;
        for (var offset = 0; offset < candidates.Count && found.Count < limit; offset += chunkSize)
        {
            var chunk = candidates.Skip(offset).Take(chunkSize).ToArray();
            var hits = new SessionSummary?[chunk.Length];
            Parallel.For(0, chunk.Length, Options(cancellationToken), i =>
            {
                var messages = ReadMessagesOrEmpty(chunk[i].Head.File.Path, userOnly: true);
                if (messages.Exists(m => m.Text?.Contains(text, StringComparison.OrdinalIgnoreCase) == true))
                {
                    hits[i] = Summarize(chunk[i], messages);
                }
            });
            for (var i = 0; i < chunk.Length; i++)
            {
                if (hits[i] is { } hit)
                {
                    found.Add((chunk[i], hit));
                }
            }
        }

        var kept = found.Take(limit).ToArray();
        return Order(kept.Select(k => k.Item1).ToArray(), kept.Select(k => k.Item2).ToArray());
    }

    /// <summary>The session whose id is <paramref name="idOrPrefix"/> or starts with it; a clear error when none or several do.</summary>
    public SessionTranscript Export(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        var head = Find(idOrPrefix, cancellationToken);
        var messages = ReadMessagesOrEmpty(head.File.Path, userOnly: false);
        return new SessionTranscript(head.Id, head.Cwd, head.StartedAt, messages);
    }

    public SessionHead Find(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        var prefix = idOrPrefix.Trim();
        if (prefix.Length == 0)
        {
            throw new UserFacingException("session id is empty", 2);
        }

        var files = _format.Enumerate(directory: null);
        var byName = files.Where(f => f.NameId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        // A file whose name does not carry its id (renamed by hand) is found only by reading heads.
        var heads = Heads(byName.Count > 0 ? byName : files, cancellationToken)
            .Where(h => h.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var matches = Deduplicate(heads);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UserFacingException(
                $"no {Source.DisplayName()} session with id '{prefix}' in {string.Join(" or ", Roots)}; see `codex-helper session list --all{ClaudeFlag}`"),
            _ => throw new UserFacingException(
                $"session id '{prefix}' is ambiguous: it matches {matches.Count} sessions: " +
                string.Join(", ", matches.OrderByDescending(m => m.StartedAt).Take(10).Select(m => m.Id)) +
                (matches.Count > 10 ? ", …" : "") + "; give more characters"),
        };
    }

    /// <summary>Every session's head (id, start, cwd), one per id.</summary>
    public List<SessionHead> AllHeads(CancellationToken cancellationToken = default) =>
        Deduplicate(Heads(_format.Enumerate(directory: null), cancellationToken));

    private string ClaudeFlag => Source == SessionSource.Claude ? " --claude" : "";

    private readonly record struct Ranked(SessionHead Head, int Distance, DateTimeOffset LastWrite);

    /// <summary>Heads of all sessions related to <paramref name="directory"/>, best first by (distance, mtime).</summary>
    private List<Ranked> Candidates(string? directory, CancellationToken cancellationToken)
    {
        var heads = Deduplicate(Heads(_format.Enumerate(directory), cancellationToken));
        var matching = new List<(SessionHead Head, int Distance)>(directory is null ? heads.Count : 64);
        foreach (var head in heads)
        {
            if (directory is null)
            {
                matching.Add((head, 0));
            }
            else if (DirectoryMatch.Distance(head.Cwd, directory) is { } distance)
            {
                matching.Add((head, distance));
            }
        }

        // mtime is the cheap sort key, but still a stat: taken only for the sessions that matched.
        var ranked = new Ranked[matching.Count];
        Parallel.For(0, matching.Count, Options(cancellationToken), i =>
            ranked[i] = new Ranked(matching[i].Head, matching[i].Distance, matching[i].Head.File.LastWrite()));
        Array.Sort(ranked, (a, b) => a.Distance != b.Distance
            ? a.Distance.CompareTo(b.Distance)
            : b.LastWrite.CompareTo(a.LastWrite));
        return [.. ranked];
    }

    private List<SessionHead> Heads(List<SessionFile> files, CancellationToken cancellationToken)
    {
        var heads = new SessionHead?[files.Count];
        Parallel.For(0, files.Count, Options(cancellationToken), i => heads[i] = _format.ReadHead(files[i]));
        var result = new List<SessionHead>(files.Count);
        foreach (var head in heads)
        {
            if (head is not null)
            {
                result.Add(head);
            }
        }

        return result;
    }

    /// <summary>The same session can be both live and archived (or copied): keep the most recently written file.</summary>
    private static List<SessionHead> Deduplicate(List<SessionHead> heads)
    {
        var byId = new Dictionary<string, SessionHead>(heads.Count, StringComparer.Ordinal);
        foreach (var head in heads)
        {
            if (!byId.TryGetValue(head.Id, out var seen) || seen.File.LastWrite() < head.File.LastWrite())
            {
                byId[head.Id] = head;
            }
        }

        return byId.Count == heads.Count ? heads : [.. byId.Values];
    }

    private SessionSummary Summarize(Ranked ranked, List<TranscriptMessage> userMessages)
    {
        var head = ranked.Head;
        var title = userMessages.Count > 0 ? UserText.OneLine(userMessages[0].Text ?? "") : "";
        var last = LastRecordTime.Read(head.File.Path) ?? ranked.LastWrite;
        return new SessionSummary(head.Id, Source, head.StartedAt, last < head.StartedAt ? head.StartedAt : last, head.Cwd, title,
            userMessages.Count, Source.ResumeCommand(head.Id), head.File.Path, head.Provider);
    }

    private List<TranscriptMessage> ReadMessagesOrEmpty(string path, bool userOnly)
    {
        try
        {
            return _format.ReadMessages(path, userOnly);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [];
        }
    }

    private static SessionSummary[] Order(Ranked[] ranked, SessionSummary[] summaries)
    {
        var order = Enumerable.Range(0, ranked.Length)
            .OrderBy(i => ranked[i].Distance)
            .ThenByDescending(i => summaries[i].LastActivity)
            .ThenBy(i => summaries[i].Id, StringComparer.Ordinal);
        return [.. order.Select(i => summaries[i])];
    }

    private ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
}
