using System.Globalization;
using System.Text;
using CodexHelper.Reports;

namespace CodexHelper.Tests.Reports;

/// <summary>Writes request-log lines directly as JSONL, the way the proxy would.</summary>
internal static class UsageLogFixture
{
    public const long Day1 = 1767225600000; // 2026-01-01T00:00:00Z

    public static string Line(long ts, string config = "relay", int status = 200, long ms = 100, long input = 10, long output = 5,
        long cached = 0, long reasoning = 0, string? model = "gpt-5", string service = "codex", string upstream = "https://relay.example/v1",
        string? error = null, bool aborted = false, bool usage = true, string? session = null, string? cost = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\"timestamp_ms\":{ts},\"service\":\"{service}\",\"method\":\"POST\",\"path\":\"/responses\",\"status_code\":{status},\"duration_ms\":{ms},\"config_name\":\"{config}\",\"upstream_base_url\":\"{upstream}\"");
        if (usage)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"usage\":{{\"input_tokens\":{input},\"output_tokens\":{output},\"reasoning_tokens\":{reasoning},\"total_tokens\":{input + output},\"cached_input_tokens\":{cached}}}");
        }

        if (model is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"model\":\"{model}\"");
        }

        if (error is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"error\":\"{error}\"");
        }

        if (aborted)
        {
            sb.Append(",\"client_aborted\":true");
        }

        if (session is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"session_id\":\"{session}\"");
        }

        if (cost is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"cost_usd\":{cost}");
        }

        return sb.Append('}').ToString();
    }

    public static void Write(string path, params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }
}
