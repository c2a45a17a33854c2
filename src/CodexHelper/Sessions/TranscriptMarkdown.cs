using System.Globalization;
using System.Text;

namespace CodexHelper.Sessions;

/// <summary>Pure: a transcript as readable Markdown (messages under headings, tool calls as one line each, outputs left out).</summary>
internal static class TranscriptMarkdown
{
    public static string Render(SessionTranscript transcript, SessionSource source)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(source.DisplayName()).Append(" session ").AppendLine(transcript.Id).AppendLine();
        md.Append("- started: ").AppendLine(Time(transcript.StartedAt));
        if (transcript.Cwd is { } cwd)
        {
            md.Append("- cwd: `").Append(cwd).AppendLine("`");
        }

        md.Append("- resume: `").Append(source.ResumeCommand(transcript.Id)).AppendLine("`");
        string? previousRole = null;
        foreach (var message in transcript.Messages)
        {
            if (message.Role == TranscriptMessage.Tool)
            {
                // Tool calls belong to the assistant's turn: listed under it without a new heading.
                if (previousRole is null or TranscriptMessage.User)
                {
                    md.AppendLine().Append("## Assistant").AppendLine(Stamp(message.Timestamp)).AppendLine();
                    previousRole = TranscriptMessage.Assistant;
                }

                md.Append("→ tool `").Append(message.Name).Append('`');
                if (!string.IsNullOrEmpty(message.Summary))
                {
                    md.Append(": ").Append(message.Summary);
                }

                md.AppendLine("  ");
                continue;
            }

            md.AppendLine().Append(message.Role == TranscriptMessage.User ? "## User" : "## Assistant")
                .AppendLine(Stamp(message.Timestamp)).AppendLine();
            md.AppendLine(message.Text);
            previousRole = message.Role;
        }

        return md.ToString();
    }

    private static string Stamp(DateTimeOffset? timestamp) => timestamp is { } t ? $" · {Time(t)}" : "";

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
