using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodexHelper.Clients;
using CodexHelper.Configuration;
using CodexHelper.Files;
using CodexHelper.Reports;
using CodexHelper.Sessions;

namespace CodexHelper.Commands;

/// <summary><c>session list|last|search|export</c>: find a project's sessions and the command to resume them.</summary>
internal static class SessionCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("session", "Find Codex / Claude Code sessions of a project and how to resume them");
        command.Subcommands.Add(List(ctx));
        command.Subcommands.Add(Last(ctx));
        command.Subcommands.Add(Search(ctx));
        command.Subcommands.Add(Export(ctx));
        return command;
    }

    private sealed class Common
    {
        public Option<string?> Path { get; } = new("--path") { Description = "Directory whose sessions to show (default: the current directory)" };
        public Option<bool> All { get; } = new("--all", "-a") { Description = "Sessions of every directory" };
        public Option<bool> Json { get; } = new("--json", "-j") { Description = "Print JSON instead of text" };
        public ServiceFlags Service { get; } = new();

        public void AddTo(Command command, bool withPath = true)
        {
            if (withPath)
            {
                command.Options.Add(Path);
                command.Options.Add(All);
                command.Options.Add(Json);
            }

            Service.AddTo(command);
        }

        public SessionIndex Index(ParseResult r, CliContext ctx) =>
            new(ctx.Paths, Service.Explicit(r) == ServiceKind.Claude ? SessionSource.Claude : SessionSource.Codex);

        /// <summary>The directory to match, or null with --all.</summary>
        public string? Directory(ParseResult r, CliContext ctx) =>
            r.GetValue(All) ? null : System.IO.Path.GetFullPath(r.GetValue(Path) ?? ctx.CurrentDirectory, ctx.CurrentDirectory);
    }

    private static Option<int> LimitOption() => new("--limit", "-n") { Description = "At most this many sessions", DefaultValueFactory = _ => 20 };

    private static Command List(CliContext ctx)
    {
        var common = new Common();
        var limit = LimitOption();
        var command = new Command("list", "Recent sessions of the current directory (or --path): exact directory first, then nearest");
        common.AddTo(command);
        command.Options.Add(limit);
        command.SetAction((ParseResult r) =>
        {
            var index = common.Index(r, ctx);
            var dir = common.Directory(r, ctx);
            var sessions = Advise(ctx, WithCosts(ctx, index.List(new SessionQuery(dir, PositiveLimit(r.GetValue(limit))))));
            return Render(ctx, sessions, r.GetValue(common.Json), () => NothingFound(index, dir, null));
        });
        return command;
    }

    private static Command Last(CliContext ctx)
    {
        var common = new Common();
        var command = new Command("last", "The newest session of the current directory (or --path) and its resume command");
        common.AddTo(command);
        command.SetAction((ParseResult r) =>
        {
            var index = common.Index(r, ctx);
            var dir = common.Directory(r, ctx);
            var sessions = Advise(ctx, WithCosts(ctx, index.List(new SessionQuery(dir, 1))));
            if (sessions.Count == 0)
            {
                throw NothingFound(index, dir, null);
            }

            var session = sessions[0];
            if (r.GetValue(common.Json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(session, SessionJsonContext.Default.SessionSummary));
                return 0;
            }

            WriteSession(ctx.Out, session, withResume: false);
            ctx.Out.WriteLine();
            if (session.ResumeNote is { } note)
            {
                ctx.Out.WriteLine($"note: {note}");
            }

            ctx.Out.WriteLine(session.ResumeCommand);
            return 0;
        });
        return command;
    }

    private static Command Search(CliContext ctx)
    {
        var common = new Common();
        var limit = LimitOption();
        var query = new Argument<string>("QUERY") { Description = "Text to look for in the user's messages (case-insensitive)" };
        var command = new Command("search", "Sessions whose user messages contain a text");
        command.Arguments.Add(query);
        common.AddTo(command);
        command.Options.Add(limit);
        command.SetAction((ParseResult r) =>
        {
            var text = r.GetValue(query) ?? "";
            if (text.Trim().Length == 0)
            {
                throw new UserFacingException("the search text is empty", 2);
            }

            var index = common.Index(r, ctx);
            var dir = common.Directory(r, ctx);
            var sessions = Advise(ctx, WithCosts(ctx, index.Search(text, new SessionQuery(dir, PositiveLimit(r.GetValue(limit))))));
            return Render(ctx, sessions, r.GetValue(common.Json), () => NothingFound(index, dir, text));
        });
        return command;
    }

    private static Command Export(CliContext ctx)
    {
        var common = new Common();
        var id = new Argument<string>("ID") { Description = "Session id, or a prefix of it that matches one session" };
        var format = new Option<string>("--format") { Description = "markdown or json", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "md", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout" };
        var command = new Command("export", "One session as a Markdown transcript or normalised JSON");
        command.Arguments.Add(id);
        command.Options.Add(format);
        command.Options.Add(output);
        common.AddTo(command, withPath: false);
        command.SetAction((ParseResult r) =>
        {
            var index = common.Index(r, ctx);
            var head = index.Find(r.GetValue(id) ?? "");
            var transcript = index.Export(head.Id) with
            {
                Usage = SessionCosts.For(head.Id, index.Source, head.File.Path, ctx.Paths.RequestLog, Prices(ctx)),
            };
            var text = r.GetValue(format) == "json"
                ? JsonSerializer.Serialize(transcript, SessionJsonContext.Default.SessionTranscript) + "\n"
                : TranscriptMarkdown.Render(transcript, index.Source) + "\n" + UsageLine(transcript.Usage) + "\n";
            if (r.GetValue(output) is { Length: > 0 } file)
            {
                var path = Path.GetFullPath(file, ctx.CurrentDirectory);
                AtomicFile.WriteAllText(path, text);
                ctx.Error.WriteLine($"wrote session {transcript.Id} to {path}");
            }
            else
            {
                ctx.Out.Write(text);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Codex sessions: a resume command that works with config.toml as it is now (Codex binds a session to its provider).</summary>
    private static IReadOnlyList<SessionSummary> Advise(CliContext ctx, IReadOnlyList<SessionSummary> sessions)
    {
        if (sessions.Count == 0 || sessions[0].Source != SessionSource.Codex)
        {
            return sessions;
        }

        IReadOnlySet<string> configured;
        try
        {
            configured = CodexConfigToml.ReadFile(ctx.Paths.CodexConfigToml).ProviderIds;
        }
        catch (Exception ex) when (ex is UserFacingException or IOException or UnauthorizedAccessException)
        {
            return sessions; // cannot tell: the plain command is the best guess
        }

        var port = OurProxy.RecordedPort(ServiceKind.Codex, ctx.Paths) ?? ServicePorts.For(ServiceKind.Codex, ctx.GetEnv);
        return [.. sessions.Select(s =>
        {
            var (command, note) = CodexResume.For(s.Id, s.Provider, configured.Contains, port);
            return s with { ResumeCommand = command, ResumeNote = note };
        })];
    }

    private static IReadOnlyList<SessionSummary> WithCosts(CliContext ctx, IReadOnlyList<SessionSummary> sessions) =>
        SessionCosts.Attach(sessions, ctx.Paths.RequestLog, Prices(ctx));

    private static Pricing.PriceBook Prices(CliContext ctx)
    {
        var prices = Pricing.PriceBookLoader.Load(ctx.Paths.PricesJson, out var problem);
        if (problem is not null)
        {
            ctx.Error.WriteLine("codex-helper: " + problem);
        }

        return prices;
    }

    private static string UsageLine(SessionUsage? usage) =>
        "**Usage:** " + (usage is null ? "none recorded" : usage.Describe());

    private static int PositiveLimit(int limit) =>
        limit >= 1 ? limit : throw new UserFacingException($"--limit must be at least 1 (got {limit})", 2);

    private static int Render(CliContext ctx, IReadOnlyList<SessionSummary> sessions, bool json, Func<UserFacingException> nothing)
    {
        if (json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(sessions, SessionJsonContext.Default.IReadOnlyListSessionSummary));
        }

        if (sessions.Count == 0)
        {
            throw nothing();
        }

        if (!json)
        {
            for (var i = 0; i < sessions.Count; i++)
            {
                if (i > 0)
                {
                    ctx.Out.WriteLine();
                }

                WriteSession(ctx.Out, sessions[i], withResume: true);
            }
        }

        return 0;
    }

    private static void WriteSession(TextWriter w, SessionSummary s, bool withResume)
    {
        var turns = s.Turns == 1 ? "1 turn" : $"{s.Turns} turns";
        w.WriteLine($"{s.Id}  started {Local(s.StartedAt)}  last {Local(s.LastActivity)}  {turns}");
        w.WriteLine($"  cwd:    {s.Cwd ?? "?"}");
        w.WriteLine($"  title:  {(s.Title.Length > 0 ? s.Title : "(no user message)")}");
        if (s.Provider is not null)
        {
            w.WriteLine($"  provider: {s.Provider}");
        }

        w.WriteLine($"  usage:  {(s.Usage is { } usage ? usage.Describe() : "none recorded")}");
        if (withResume)
        {
            w.WriteLine($"  resume: {s.ResumeCommand}");
            if (s.ResumeNote is { } note)
            {
                w.WriteLine($"  note:   {note}");
            }
        }
    }

    private static string Local(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static UserFacingException NothingFound(SessionIndex index, string? dir, string? query)
    {
        var what = query is null ? $"no {index.Source.DisplayName()} sessions" : $"no {index.Source.DisplayName()} sessions containing \"{query}\"";
        var where = string.Join(" or ", index.Roots);
        return dir is null
            ? new UserFacingException($"{what} in {where}")
            : new UserFacingException($"{what} for {dir} (or a directory above or below it) in {where}; use --all to include every directory");
    }
}
