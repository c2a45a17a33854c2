using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CodexHelper.Tests.Sessions;

/// <summary>Writes Codex rollouts and Claude Code sessions the way the clients do, into a temp home.</summary>
internal static class SessionFixtures
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static string Ts(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Q(string s) => JsonSerializer.Serialize(s, SessionTestJson.Default.String);

    public static string MetaLine(string id, string cwd, DateTimeOffset start, int instructionsBytes = 30_000, bool instructionsFirst = false)
    {
        var instructions = $"\"base_instructions\":{{\"text\":{Q(new string('x', instructionsBytes))}}}";
        var core = $"\"id\":\"{id}\",\"timestamp\":\"{Ts(start)}\",\"cwd\":{Q(cwd)},\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.169.0\",\"source\":\"cli\",\"model_provider\":\"openai\"";
        var payload = instructionsFirst ? $"{instructions},{core}" : $"{core},{instructions}";
        return $"{{\"timestamp\":\"{Ts(start)}\",\"type\":\"session_meta\",\"payload\":{{{payload}}}}}";
    }

    /// <summary>0.169 style: the prompt is a response_item user message; injected context comes as harness-provenance messages.</summary>
    public static string NewUserLines(string text, DateTimeOffset t) =>
        Record(t, "response_item", $"{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":{Q("<environment_context>\n  <cwd>/x</cwd>\n</environment_context>")}}}],\"provenance\":\"harness\"}}") + "\n" +
        Record(t, "response_item", $"{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":{Q("# AGENTS.md instructions for /x\n\nbe nice")}}}]}}") + "\n" +
        Record(t, "response_item", $"{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":{Q(text)}}}],\"provenance\":\"user\"}}");

    /// <summary>Older style: the prompt is an event_msg user_message, and also duplicated as a response_item.</summary>
    public static string OldUserLines(string text, DateTimeOffset t) =>
        Record(t, "response_item", $"{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":{Q(text)}}}]}}") + "\n" +
        Record(t, "event_msg", $"{{\"type\":\"user_message\",\"message\":{Q(text)},\"images\":[]}}");

    public static string AssistantLines(string text, DateTimeOffset t) =>
        Record(t, "response_item", $"{{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":{Q("{\"command\":[\"bash\",\"-lc\",\"ls -la\"]}")},\"call_id\":\"c1\"}}") + "\n" +
        Record(t, "response_item", $"{{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":{Q("total 0\nsecret-output")}}}") + "\n" +
        Record(t, "response_item", $"{{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{{\"type\":\"output_text\",\"text\":{Q(text)}}}]}}");

    public static string Record(DateTimeOffset t, string type, string payload) =>
        $"{{\"timestamp\":\"{Ts(t)}\",\"type\":\"{type}\",\"payload\":{payload}}}";

    /// <summary>A rollout with one user turn per prompt; returns its path. The file's mtime is set to the last record time.</summary>
    public static string WriteRollout(AppPaths paths, string id, string cwd, DateTimeOffset start, string[] prompts,
        bool oldStyle = false, bool archived = false, int padBytes = 0)
    {
        var body = new StringBuilder(MetaLine(id, cwd, start)).Append('\n');
        var t = start;
        foreach (var prompt in prompts)
        {
            t = t.AddMinutes(1);
            body.Append(oldStyle ? OldUserLines(prompt, t) : NewUserLines(prompt, t)).Append('\n');
            t = t.AddMinutes(1);
            body.Append(AssistantLines("reply to " + prompt, t)).Append('\n');
        }

        if (padBytes > 0)
        {
            // Big tool output, as in real multi-MB rollouts.
            var chunk = new string('y', 100_000);
            for (var written = 0; written < padBytes; written += chunk.Length)
            {
                body.Append(Record(t, "response_item", $"{{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"{chunk}\"}}")).Append('\n');
            }
        }

        t = t.AddMinutes(1);
        body.Append(Record(t, "event_msg", "{\"type\":\"token_count\",\"info\":null}")).Append('\n');
        var path = RolloutPath(paths, id, start, archived);
        File.WriteAllText(path, body.ToString());
        File.SetLastWriteTimeUtc(path, t.UtcDateTime);
        return path;
    }

    public static string RolloutPath(AppPaths paths, string id, DateTimeOffset start, bool archived = false)
    {
        var dir = archived
            ? paths.CodexArchivedSessionsDir
            : Path.Combine(paths.CodexSessionsDir, start.ToString("yyyy", CultureInfo.InvariantCulture), start.ToString("MM", CultureInfo.InvariantCulture), start.ToString("dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"rollout-{start.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)}-{id}.jsonl");
    }

    public static string WriteClaude(AppPaths paths, string id, string cwd, DateTimeOffset start, string[] prompts)
    {
        var lines = new List<string>
        {
            $"{{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"timestamp\":\"{Ts(start)}\",\"sessionId\":\"{id}\"}}",
        };
        string Common(DateTimeOffset t) => $"\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":{Q(cwd)},\"sessionId\":\"{id}\",\"version\":\"2.1.197\",\"gitBranch\":\"main\"";
        var t = start;
        lines.Add($"{{{Common(t)},\"type\":\"user\",\"isMeta\":true,\"message\":{{\"role\":\"user\",\"content\":{Q("Caveat: The messages below were generated by the user while running local commands.")}}},\"timestamp\":\"{Ts(t)}\"}}");
        lines.Add($"{{{Common(t)},\"type\":\"user\",\"message\":{{\"role\":\"user\",\"content\":{Q("<command-name>/model</command-name>")}}},\"timestamp\":\"{Ts(t)}\"}}");
        foreach (var prompt in prompts)
        {
            t = t.AddMinutes(1);
            lines.Add($"{{{Common(t)},\"type\":\"user\",\"message\":{{\"role\":\"user\",\"content\":{Q(prompt)}}},\"uuid\":\"u\",\"timestamp\":\"{Ts(t)}\"}}");
            t = t.AddMinutes(1);
            lines.Add($"{{{Common(t)},\"type\":\"assistant\",\"message\":{{\"role\":\"assistant\",\"content\":[{{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{{\"command\":\"git status\"}}}}]}},\"timestamp\":\"{Ts(t)}\"}}");
            lines.Add($"{{{Common(t)},\"type\":\"user\",\"message\":{{\"role\":\"user\",\"content\":[{{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"clean\"}}]}},\"timestamp\":\"{Ts(t)}\"}}");
            lines.Add($"{{{Common(t)},\"type\":\"assistant\",\"message\":{{\"role\":\"assistant\",\"content\":[{{\"type\":\"text\",\"text\":{Q("done: " + prompt)}}}]}},\"timestamp\":\"{Ts(t)}\"}}");
        }

        var dir = Path.Combine(paths.ClaudeProjectsDir, cwd.Replace('/', '-').Replace('.', '-'));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, id + ".jsonl");
        File.WriteAllLines(path, lines);
        File.SetLastWriteTimeUtc(path, t.UtcDateTime);
        return path;
    }

    public static string Uuid(int n) => $"0199{n:x4}-aaaa-7bbb-8ccc-{n:x12}";
}
