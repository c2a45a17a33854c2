using System.Text;
using System.Text.Json;

namespace StreamingBench;

/// <summary>
/// A realistic Codex <c>POST /responses</c> body of about <c>--kb</c> KiB: model, instructions, a conversation
/// with messages, tool calls and tool outputs, and the tool list. It mentions <c>secret-corp.com</c> a few times so
/// the benchmark's filter rule has work to do.
/// </summary>
internal static class BodyGenerator
{
    public static int Run(Options options)
    {
        var output = options.Require("out");
        var bytes = Generate(options.GetInt("kb", 100) * 1024);
        File.WriteAllBytes(output, bytes);
        Console.Error.WriteLine($"wrote {bytes.Length} bytes to {output}");
        return 0;
    }

    public static byte[] Generate(int targetBytes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("model", "gpt-5-codex");
            w.WriteString("instructions", Prose("You are Codex, a coding agent running in the Codex CLI on a user's computer.", 9_000));
            w.WriteStartArray("input");
            Message(w, "user", "<environment_context>\n  <cwd>/home/dev/projects/payments</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>");
            Message(w, "user", "The deploy script fails against api.secret-corp.com with a 403; find out why and fix it.");
            var turn = 0;
            while (stream.Length + w.BytesPending < targetBytes - 4_000)
            {
                turn++;
                var callId = $"call_{turn:D4}bench{turn * 7919 % 100000:D5}";
                w.WriteStartObject();
                w.WriteString("type", "function_call");
                w.WriteString("name", "shell");
                w.WriteString("arguments", $$"""{"command":["bash","-lc","sed -n '1,200p' src/deploy/step{{turn}}.py"],"workdir":"/home/dev/projects/payments","timeout_ms":120000}""");
                w.WriteString("call_id", callId);
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("type", "function_call_output");
                w.WriteString("call_id", callId);
                w.WriteString("output", SourceFile(turn, 3_000));
                w.WriteEndObject();
                Message(w, "assistant", $"Step {turn}: the script reads its token from DEPLOY_TOKEN and calls https://api.secret-corp.com/v2/deploy; checking the next file.");
            }

            w.WriteEndArray();
            w.WriteStartArray("tools");
            Tool(w, "shell", "Runs a shell command and returns its output.", ["command", "workdir", "timeout_ms"]);
            Tool(w, "apply_patch", "Applies a patch in the apply_patch format to files in the workspace.", ["input"]);
            Tool(w, "update_plan", "Updates the task plan shown to the user.", ["explanation", "plan"]);
            Tool(w, "view_image", "Attaches a local image to the conversation.", ["path"]);
            w.WriteEndArray();
            w.WriteString("tool_choice", "auto");
            w.WriteBoolean("parallel_tool_calls", false);
            w.WriteStartObject("reasoning");
            w.WriteString("effort", "medium");
            w.WriteString("summary", "auto");
            w.WriteEndObject();
            w.WriteBoolean("store", false);
            w.WriteBoolean("stream", true);
            w.WriteStartArray("include");
            w.WriteStringValue("reasoning.encrypted_content");
            w.WriteEndArray();
            w.WriteString("prompt_cache_key", "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void Message(Utf8JsonWriter w, string role, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "message");
        w.WriteString("role", role);
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", role == "user" ? "input_text" : "output_text");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Tool(Utf8JsonWriter w, string name, string description, string[] parameters)
    {
        w.WriteStartObject();
        w.WriteString("type", "function");
        w.WriteString("name", name);
        w.WriteString("description", description);
        w.WriteBoolean("strict", false);
        w.WriteStartObject("parameters");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var p in parameters)
        {
            w.WriteStartObject(p);
            w.WriteString("type", "string");
            w.WriteString("description", $"The {p.Replace('_', ' ')} argument.");
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("required");
        w.WriteStringValue(parameters[0]);
        w.WriteEndArray();
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    internal static string Prose(string opening, int chars)
    {
        string[] sentences =
        [
            "Keep changes minimal and focused on the task the user gave.",
            "When you run commands, prefer fast tools such as rg over grep and show only the relevant output.",
            "Never revert changes you did not make unless the user asks you to.",
            "Before editing a file, read enough of it to understand its conventions and follow them.",
            "Summarise what you changed and why, and mention any test you could not run.",
            "Use apply_patch for edits; do not write files with shell redirection.",
            "If a command needs network access or writes outside the workspace, ask for approval first.",
        ];
        var sb = new StringBuilder(opening).Append('\n');
        for (var i = 0; sb.Length < chars; i++)
        {
            sb.Append("- ").Append(sentences[i % sentences.Length]).Append(i % 5 == 4 ? "\n\n" : "\n");
        }

        return sb.ToString();
    }

    private static string SourceFile(int turn, int chars)
    {
        var sb = new StringBuilder();
        for (var line = 1; sb.Length < chars; line++)
        {
            sb.Append((line % 9) switch
            {
                0 => $"def step_{turn}_{line}(session, token):\n",
                1 => "    \"\"\"Push one artefact to the deploy API.\"\"\"\n",
                2 => "    url = f\"https://api.secret-corp.com/v2/deploy/{session.id}\"\n",
                3 => "    headers = {\"Authorization\": f\"Bearer {token}\", \"Content-Type\": \"application/json\"}\n",
                4 => $"    response = session.post(url, headers=headers, json={{\"step\": {line}, \"retry\": False}})\n",
                5 => "    if response.status_code == 403:\n",
                6 => "        raise PermissionError(response.text)\n",
                7 => "    return response.json()\n",
                _ => "\n",
            });
        }

        return sb.ToString();
    }
}
