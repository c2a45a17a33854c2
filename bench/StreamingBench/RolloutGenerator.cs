using System.Globalization;
using System.Text.Json;

namespace StreamingBench;

/// <summary>
/// A Codex sessions tree of <c>--count</c> rollouts under <c>--dir</c>/sessions/YYYY/MM/DD/, each starting with a
/// session_meta line carrying ~<c>--instructions-kb</c> KiB of base instructions (as real ones do) and followed by a
/// few user messages. Deterministic, and skipped when a marker says the same tree is already there.
/// </summary>
internal static class RolloutGenerator
{
    public static int Run(Options options)
    {
        var codexHome = options.Require("dir");
        var count = options.GetInt("count", 20_000);
        var instructionsKb = options.GetInt("instructions-kb", 30);
        var marker = Path.Combine(codexHome, $".bench-rollouts-{count}-{instructionsKb}");
        if (File.Exists(marker))
        {
            Console.Error.WriteLine($"rollout tree already in {codexHome}");
            return 0;
        }

        var sessions = Path.Combine(codexHome, "sessions");
        if (Directory.Exists(sessions))
        {
            Directory.Delete(sessions, recursive: true);
        }

        var instructions = BodyGenerator.Prose("You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on a user's computer.", instructionsKb * 1024);
        var random = new Random(20261101);
        var start = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
        long bytes = 0;
        Span<byte> guidBytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            // About 60 sessions a day, spread over the year.
            var time = start.AddMinutes(i * 24.0 * 60 / 60 + random.Next(0, 20));
            random.NextBytes(guidBytes);
            var id = new Guid(guidBytes).ToString();
            var dir = Path.Combine(sessions, time.ToString("yyyy", CultureInfo.InvariantCulture), time.ToString("MM", CultureInfo.InvariantCulture), time.ToString("dd", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"rollout-{time:yyyy-MM-dd'T'HH-mm-ss}-{id}.jsonl");
            using var stream = File.Create(file);
            var stamp = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("timestamp", stamp);
                w.WriteString("type", "session_meta");
                w.WriteStartObject("payload");
                w.WriteString("id", id);
                w.WriteString("timestamp", stamp);
                w.WriteString("cwd", $"/home/u/p{i % 40}");
                w.WriteString("originator", "codex_cli_rs");
                w.WriteString("cli_version", "0.169.0");
                w.WriteStartObject("base_instructions");
                w.WriteString("text", instructions);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
            for (var m = 0; m < 3; m++)
            {
                using (var w = new Utf8JsonWriter(stream))
                {
                    w.WriteStartObject();
                    w.WriteString("timestamp", time.AddSeconds(5 + (m * 40)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    w.WriteString("type", "response_item");
                    w.WriteStartObject("payload");
                    w.WriteString("type", "message");
                    w.WriteString("role", "user");
                    w.WriteStartArray("content");
                    w.WriteStartObject();
                    w.WriteString("type", "input_text");
                    w.WriteString("text", m == 0
                        ? $"fix the failing test in module {i % 97} and explain the cause"
                        : $"now also update the docs for change {m} of session {i}");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                stream.WriteByte((byte)'\n');
            }

            bytes += stream.Length;
        }

        File.WriteAllText(marker, $"{count} rollouts, {bytes} bytes\n");
        Console.Error.WriteLine($"wrote {count} rollouts ({bytes / (1024 * 1024)} MiB) under {sessions}");
        return 0;
    }
}
