using System.CommandLine;
using CodexHelper.Commands;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Commands;

/// <summary>The short options are one small set (README "Short options"): each letter means one long option everywhere.</summary>
public sealed class ShortOptionsTests
{
    private static readonly Dictionary<string, string> Agreed = new(StringComparer.Ordinal)
    {
        ["-n"] = "--limit",
        ["-j"] = "--json",
        ["-p"] = "--port",
        ["-f"] = "--follow",
        ["-o"] = "--output",
        ["-s"] = "--since",
        ["-a"] = "--all",
        ["-h"] = "--help",
        ["-?"] = "--help",
    };

    private static IEnumerable<(string Path, Option Option)> Walk(Command command, string path)
    {
        foreach (var option in command.Options)
        {
            yield return (path, option);
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var found in Walk(sub, $"{path} {sub.Name}"))
            {
                yield return found;
            }
        }
    }

    private static List<(string Path, Option Option)> AllOptions()
    {
        using var home = new TempHome();
        var ctx = new CliContext { Paths = home.Paths, Out = TextWriter.Null, Error = TextWriter.Null, GetEnv = home.GetEnv };
        return Walk(Cli.Build(ctx), "codex-helper").ToList();
    }

    [Fact]
    public void A_short_option_means_the_same_long_option_in_every_command()
    {
        var meanings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, option) in AllOptions())
        {
            foreach (var alias in option.Aliases.Where(a => a.Length == 2 && a[0] == '-'))
            {
                if (!meanings.TryGetValue(alias, out var longs))
                {
                    meanings[alias] = longs = new HashSet<string>(StringComparer.Ordinal);
                }

                longs.Add(option.Name);
                Assert.True(Agreed.TryGetValue(alias, out var agreed) && agreed == option.Name,
                    $"{path}: {alias} means {option.Name}, not one of the agreed short options");
            }
        }

        Assert.All(meanings, m => Assert.Single(m.Value));
        Assert.True(meanings.Count >= 7, string.Join(", ", meanings.Keys));
    }

    [Fact]
    public void Every_long_option_with_an_agreed_short_form_has_it_everywhere()
    {
        var longToShort = Agreed.Where(a => a.Value != "--help").ToDictionary(a => a.Value, a => a.Key, StringComparer.Ordinal);
        var checkedOptions = 0;
        foreach (var (path, option) in AllOptions())
        {
            if (longToShort.TryGetValue(option.Name, out var shortForm))
            {
                Assert.True(option.Aliases.Contains(shortForm), $"{path}: {option.Name} lacks {shortForm}");
                checkedOptions++;
            }
        }

        Assert.True(checkedOptions >= 15, $"only {checkedOptions} options checked");
    }

    [Fact]
    public async Task Short_options_parse_like_the_long_ones()
    {
        using var home = new TempHome();
        var run = await home.RunAsync("usage", "summary", "-n", "3", "-s", "7d", "-j");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("{", run.Out.TrimStart(), StringComparison.Ordinal);
        var status = await home.RunAsync("status", "-j");
        Assert.Equal(0, status.ExitCode);
        Assert.StartsWith("{", status.Out.TrimStart(), StringComparison.Ordinal);
    }
}
