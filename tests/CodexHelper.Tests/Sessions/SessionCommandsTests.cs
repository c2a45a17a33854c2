using System.Text.Json;
using CodexHelper.Tests.Support;
using static CodexHelper.Tests.Sessions.SessionFixtures;

namespace CodexHelper.Tests.Sessions;

public sealed class SessionCommandsTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly string _app;

    public SessionCommandsTests()
    {
        _app = Path.Combine(_home.Root, "work", "app");
        Directory.CreateDirectory(_app);
    }

    public void Dispose() => _home.Dispose();

    private static JsonElement Json(string text) => JsonSerializer.Deserialize(text, SessionTestJson.Default.JsonElement);

    private static string[] Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

    [Fact]
    public async Task List_puts_the_exact_directory_first_then_the_nearest_each_newest_first()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["old exact"]);
        WriteRollout(_home.Paths, Uuid(2), _app, T0.AddHours(1), ["new exact"]);
        WriteRollout(_home.Paths, Uuid(3), Path.Combine(_app, "src"), T0.AddHours(5), ["child"]);
        WriteRollout(_home.Paths, Uuid(4), Path.Combine(_app, "src", "deep", "er"), T0.AddHours(9), ["deep child"]);
        WriteRollout(_home.Paths, Uuid(5), Path.GetDirectoryName(_app)!, T0.AddHours(2), ["parent"]);
        WriteRollout(_home.Paths, Uuid(6), Path.Combine(_home.Root, "elsewhere"), T0.AddHours(10), ["unrelated"]);

        var run = await _home.RunAsync("session", "list", "--path", _app, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([Uuid(2), Uuid(1), Uuid(3), Uuid(5), Uuid(4)], Ids(Json(run.Out)));
    }

    [Fact]
    public async Task Json_shape_has_every_field_and_title_skips_injected_context()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["  fix the\nflaky test", "second", "third"]);

        var run = await _home.RunAsync("session", "list", "--path", _app, "--json");

        var s = Json(run.Out)[0];
        Assert.Equal(Uuid(1), s.GetProperty("id").GetString());
        Assert.Equal("codex", s.GetProperty("source").GetString());
        Assert.Equal(_app, s.GetProperty("cwd").GetString());
        Assert.Equal("fix the flaky test", s.GetProperty("title").GetString());
        Assert.Equal(3, s.GetProperty("turns").GetInt32());
        Assert.Equal($"codex resume {Uuid(1)}", s.GetProperty("resume_command").GetString());
        Assert.Equal(T0, s.GetProperty("started_at").GetDateTimeOffset());
        // 3 prompts × 2 minutes, plus the final token_count record one minute later.
        Assert.Equal(T0.AddMinutes(7), s.GetProperty("last_activity").GetDateTimeOffset());
        Assert.True(File.Exists(s.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Old_style_rollouts_count_event_prompts_once()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["one", "two"], oldStyle: true);

        var s = Json((await _home.RunAsync("session", "list", "--path", _app, "--json")).Out)[0];

        Assert.Equal(2, s.GetProperty("turns").GetInt32());
        Assert.Equal("one", s.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Last_activity_comes_from_the_tail_not_the_mtime()
    {
        var older = WriteRollout(_home.Paths, Uuid(1), _app, T0, ["long session"]);
        var newer = WriteRollout(_home.Paths, Uuid(2), _app, T0.AddMinutes(30), ["short"]);
        // Append a late record to the older one but make its mtime look old (as a copy/restore would).
        File.AppendAllText(older, Record(T0.AddHours(3), "event_msg", "{\"type\":\"token_count\"}") + "\n");
        File.SetLastWriteTimeUtc(older, T0.UtcDateTime);
        File.SetLastWriteTimeUtc(newer, T0.AddMinutes(40).UtcDateTime);

        var sessions = Json((await _home.RunAsync("session", "list", "--path", _app, "--json")).Out);

        Assert.Equal([Uuid(1), Uuid(2)], Ids(sessions));
        Assert.Equal(T0.AddHours(3), sessions[0].GetProperty("last_activity").GetDateTimeOffset());
    }

    [Fact]
    public async Task Malformed_empty_binary_and_huge_files_do_not_break_listing()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["good one"]);
        WriteRollout(_home.Paths, Uuid(2), _app, T0.AddHours(1), ["huge one"], padBytes: 5 * 1024 * 1024);
        var dir = Path.GetDirectoryName(RolloutPath(_home.Paths, Uuid(9), T0))!;
        File.WriteAllText(Path.Combine(dir, $"rollout-2025-03-01T10-00-00-{Uuid(10)}.jsonl"), "");
        File.WriteAllText(Path.Combine(dir, $"rollout-2025-03-01T10-00-00-{Uuid(11)}.jsonl"), "{not json\n");
        File.WriteAllText(Path.Combine(dir, $"rollout-2025-03-01T10-00-00-{Uuid(12)}.jsonl"), MetaLine(Uuid(12), _app, T0)[..100]);
        File.WriteAllBytes(Path.Combine(dir, $"rollout-2025-03-01T10-00-00-{Uuid(13)}.jsonl"), [0, 1, 2, 255, 254, 10, 0]);

        var run = await _home.RunAsync("session", "list", "--path", _app, "--json");

        Assert.Equal(0, run.ExitCode);
        var sessions = Json(run.Out);
        Assert.Equal([Uuid(2), Uuid(1)], Ids(sessions));
        Assert.Equal("huge one", sessions[0].GetProperty("title").GetString());
        Assert.True(new FileInfo(sessions[0].GetProperty("path").GetString()!).Length > 5_000_000);
    }

    [Fact]
    public async Task Archived_sessions_are_listed_and_limit_is_respected()
    {
        for (var i = 1; i <= 5; i++)
        {
            WriteRollout(_home.Paths, Uuid(i), _app, T0.AddHours(i), [$"prompt {i}"], archived: i == 5);
        }

        var sessions = Json((await _home.RunAsync("session", "list", "--path", _app, "--limit", "3", "--json")).Out);

        Assert.Equal([Uuid(5), Uuid(4), Uuid(3)], Ids(sessions));
    }

    [Fact]
    public async Task Nothing_matching_exits_1_and_says_how_to_widen()
    {
        WriteRollout(_home.Paths, Uuid(1), Path.Combine(_home.Root, "elsewhere"), T0, ["x"]);

        var run = await _home.RunAsync("session", "list", "--path", _app);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(_app, run.Error, StringComparison.Ordinal);
        Assert.Contains("--all", run.Error, StringComparison.Ordinal);

        var all = await _home.RunAsync("session", "list", "--path", _app, "--all");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains(Uuid(1), all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_output_shows_the_session_and_its_resume_command()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["explain the build"]);

        var run = await _home.RunAsync("session", "list", "--path", _app);

        Assert.Contains("explain the build", run.Out, StringComparison.Ordinal);
        Assert.Contains($"resume: codex resume {Uuid(1)}", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 turn", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_prints_the_newest_and_its_resume_command_on_the_last_line()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["older"]);
        WriteRollout(_home.Paths, Uuid(2), _app, T0.AddDays(1), ["newer"]);

        var run = await _home.RunAsync("session", "last", "--path", _app);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"codex resume {Uuid(2)}", run.Out.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain(Uuid(1), run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_defaults_to_the_current_directory()
    {
        WriteRollout(_home.Paths, Uuid(1), _home.Root, T0, ["in the root"]);

        var run = await _home.RunAsync("session", "last", "--json");

        Assert.Equal(Uuid(1), Json(run.Out).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Search_is_case_insensitive_over_all_user_messages_but_not_injected_ones()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["hello", "Refactor the PARSER please"]);
        WriteRollout(_home.Paths, Uuid(2), _app, T0.AddHours(1), ["unrelated"]);

        var hit = await _home.RunAsync("session", "search", "parser", "--path", _app, "--json");
        Assert.Equal([Uuid(1)], Ids(Json(hit.Out)));

        var injected = await _home.RunAsync("session", "search", "AGENTS.md", "--path", _app);
        Assert.Equal(1, injected.ExitCode);
        Assert.Contains("AGENTS.md", injected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_markdown_by_unique_prefix()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["write a poem"]);

        var run = await _home.RunAsync("session", "export", Uuid(1)[..10]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("## User", run.Out, StringComparison.Ordinal);
        Assert.Contains("write a poem", run.Out, StringComparison.Ordinal);
        Assert.Contains("## Assistant", run.Out, StringComparison.Ordinal);
        Assert.Contains("reply to write a poem", run.Out, StringComparison.Ordinal);
        Assert.Contains("→ tool `shell`: bash -lc ls -la", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-output", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("environment_context", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_json_to_a_file()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["write a poem"], oldStyle: true);
        var output = Path.Combine(_home.Root, "out.json");

        var run = await _home.RunAsync("session", "export", Uuid(1), "--format", "json", "--output", output);

        Assert.Equal(0, run.ExitCode);
        var doc = Json(File.ReadAllText(output));
        Assert.Equal(Uuid(1), doc.GetProperty("id").GetString());
        Assert.Equal(_app, doc.GetProperty("cwd").GetString());
        Assert.Equal(T0, doc.GetProperty("started_at").GetDateTimeOffset());
        var roles = doc.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()!).ToArray();
        Assert.Equal(["user", "tool", "assistant"], roles);
        var tool = doc.GetProperty("messages")[1];
        Assert.Equal("shell", tool.GetProperty("name").GetString());
        Assert.Equal("bash -lc ls -la", tool.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Export_rejects_ambiguous_and_unknown_ids()
    {
        WriteRollout(_home.Paths, Uuid(1), _app, T0, ["a"]);
        WriteRollout(_home.Paths, Uuid(2), _app, T0, ["b"]);

        var ambiguous = await _home.RunAsync("session", "export", "0199");
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("ambiguous", ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains(Uuid(1), ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains(Uuid(2), ambiguous.Error, StringComparison.Ordinal);

        var unknown = await _home.RunAsync("session", "export", "ffff");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no Codex session with id 'ffff'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_sessions_list_search_and_export()
    {
        var id = "7f3e1c2a-1111-4222-8333-444455556666";
        WriteClaude(_home.Paths, id, _app, T0, ["Add a README", "and tests"]);
        WriteClaude(_home.Paths, "8f3e1c2a-1111-4222-8333-444455556666", Path.Combine(_home.Root, "other"), T0, ["nope"]);

        var list = await _home.RunAsync("session", "list", "--claude", "--path", _app, "--json");
        var s = Json(list.Out)[0];
        Assert.Equal([id], Ids(Json(list.Out)));
        Assert.Equal("Add a README", s.GetProperty("title").GetString());
        Assert.Equal(2, s.GetProperty("turns").GetInt32());
        Assert.Equal($"claude --resume {id}", s.GetProperty("resume_command").GetString());
        Assert.Equal("claude", s.GetProperty("source").GetString());

        var search = await _home.RunAsync("session", "search", "TESTS", "--claude", "--path", _app, "--json");
        Assert.Equal([id], Ids(Json(search.Out)));

        var export = await _home.RunAsync("session", "export", "7f3e", "--claude");
        Assert.Contains("→ tool `Bash`: git status", export.Out, StringComparison.Ordinal);
        Assert.Contains("done: and tests", export.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Caveat", export.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("clean", export.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_shows_the_provider_and_a_resume_command_that_works_with_config_toml_as_it_is_now()
    {
        File.WriteAllText(_home.Paths.CodexConfigToml, "model_provider = \"myrelay\"\n[model_providers.myrelay]\nbase_url = \"https://relay/v1\"\n");
        var path = WriteRollout(_home.Paths, Uuid(1), _app, T0, ["made through the old codex_proxy"]);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"model_provider\":\"openai\"", "\"model_provider\":\"codex_proxy\"", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, T0.AddMinutes(5).UtcDateTime);

        var run = await _home.RunAsync("session", "last", "--path", _app);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("provider: codex_proxy", run.Out, StringComparison.Ordinal);
        Assert.Contains("start the proxy first", run.Out, StringComparison.Ordinal);
        var last = run.Out.TrimEnd().Split('\n')[^1];
        Assert.Equal($"codex -c model_provider=codex_proxy -c 'model_providers.codex_proxy={{name=\"codex-helper\",base_url=\"http://127.0.0.1:3211\",wire_api=\"responses\"}}' resume {Uuid(1)}", last);

        // A session of a provider config.toml defines resumes plainly, whether or not the proxy runs.
        WriteRollout(_home.Paths, Uuid(2), _app, T0.AddHours(1), ["made with openai"]);
        var plain = await _home.RunAsync("session", "last", "--path", _app);
        Assert.Contains("provider: openai", plain.Out, StringComparison.Ordinal);
        Assert.Equal($"codex resume {Uuid(2)}", plain.Out.TrimEnd().Split('\n')[^1]);
    }
}
