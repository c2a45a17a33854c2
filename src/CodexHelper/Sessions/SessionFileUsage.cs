using CodexHelper.Pricing;

namespace CodexHelper.Sessions;

/// <summary>The usage a client recorded in its own session file, whichever client it was; null when none or unreadable.</summary>
internal static class SessionFileUsage
{
    public static SessionUsage? Read(SessionSource source, string path, PriceBook prices)
    {
        try
        {
            return source == SessionSource.Claude ? ClaudeSessionUsage.Read(path, prices) : CodexRolloutUsage.Read(path, prices);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
