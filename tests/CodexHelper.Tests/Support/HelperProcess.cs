using System.Diagnostics;

namespace CodexHelper.Tests.Support;

/// <summary>The test build of codex-helper as a real process, with the temp home's environment.</summary>
internal static class HelperProcess
{
    public static ProcessStartInfo StartInfo(TempHome home, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "codex-helper.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in home.Env)
        {
            start.Environment[k] = v;
        }

        return start;
    }
}
