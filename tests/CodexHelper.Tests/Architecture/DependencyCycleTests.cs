using Xunit.Abstractions;

namespace CodexHelper.Tests.Architecture;

/// <summary>docs/ARCHITECTURE.md's folder graph, kept true: no folder (namespace) and no file depends on itself through others.</summary>
public sealed class DependencyCycleTests(ITestOutputHelper output)
{
    [Fact]
    public void No_folder_depends_on_itself_through_other_folders()
    {
        var deps = CompiledDependencies.Load();
        var folders = deps.Folders();
        foreach (var (from, edges) in folders)
        {
            output.WriteLine($"{Show(from)} → {string.Join(", ", edges.Keys.Select(Show))}");
        }

        var cycles = DependencyCycles.Find(folders.ToDictionary(f => f.Key, f => f.Value.Keys.AsEnumerable()));

        Assert.True(cycles.Count == 0, "folder cycles:\n" + string.Join("\n", cycles.Select(c =>
            string.Join(" ⇄ ", c.Select(Show)) + "\n    " + string.Join("\n    ",
                c.SelectMany(f => folders[f].Where(e => c.Contains(e.Key)).Select(e => e.Value))))));
    }

    [Fact]
    public void No_file_depends_on_itself_through_other_files()
    {
        var deps = CompiledDependencies.Load();

        var cycles = DependencyCycles.Find(deps.Files.ToDictionary(f => f.Key, f => f.Value.AsEnumerable()))
            .Where(c => !KnownFileCycles.Any(k => k.SetEquals(c)))
            .ToList();

        Assert.True(cycles.Count == 0, "file cycles:\n" + string.Join("\n", cycles.Select(c => string.Join(" ⇄ ", c))));
    }

    [Fact]
    public void Every_namespace_is_its_folder()
    {
        // The graph's folders are the files' directories; the picture in ARCHITECTURE.md speaks of namespaces.
        Assert.Empty(CompiledDependencies.Load().NamespaceMismatches);
    }

    [Fact]
    public void The_graph_sees_real_dependencies_and_not_words()
    {
        var deps = CompiledDependencies.Load();

        // A command runs the proxy server.
        Assert.Contains("Proxy/Hosting/ProxyServer.cs", deps.Files["Commands/ForegroundProxy.cs"]);
        // HelperConfig has a property named ActiveConfig, which is not a use of the type Proxy/ActiveConfig.
        Assert.DoesNotContain("Proxy/Snapshot/ActiveConfig.cs", deps.Files["Configuration/HelperConfig.cs"]);
        // A static class of async methods lives in its state machines: the doctor command calls DoctorService.RunAsync.
        Assert.Contains("Diagnostics/DoctorService.cs", deps.Files["Commands/DoctorCommand.cs"]);
        // Only a constant and an enum member, which the IL holds as a string and a number.
        Assert.Contains("Proxy/LocalAnswers/StatusEndpoint.cs", deps.Files["Diagnostics/ProxyProbe.cs"]);
        Assert.Contains("Proxy/Judging/FirstEventJudge.cs", deps.Files["Proxy/Failover/UpstreamFailover.cs"]);
        Assert.Contains("Proxy/Failover", deps.Folders().Keys);
    }

    [Fact]
    public void A_cycle_between_two_files_in_two_folders_is_reported()
    {
        // CycleExample/ is compiled into this test assembly: A/Alpha calls B/Beta, Beta reads a constant of Alpha's.
        var deps = CompiledDependencies.FromAssembly(typeof(DependencyCycleTests).Assembly.Location,
            "CodexHelper.Tests.Architecture.CycleExample", "tests/CodexHelper.Tests/Architecture/CycleExample/");

        var files = DependencyCycles.Find(deps.Files.ToDictionary(f => f.Key, f => f.Value.AsEnumerable()));
        var folders = DependencyCycles.Find(deps.Folders().ToDictionary(f => f.Key, f => f.Value.Keys.AsEnumerable()));

        Assert.Equal(["A/Alpha.cs", "B/Beta.cs", "B/Gamma.cs"], deps.Files.Keys);
        Assert.Equal(["A/Alpha.cs", "B/Beta.cs"], Assert.Single(files));
        Assert.Equal(["A", "B"], Assert.Single(folders));
        Assert.Empty(deps.NamespaceMismatches);
    }

    // The one file cycle we keep: a plan is the router's handle for one request and calls back into it
    // (Next, Record), and the router creates plans. Splitting them would only hide the pairing.
    private static readonly HashSet<string>[] KnownFileCycles =
    [
        new(StringComparer.Ordinal) { "Routing/RoutePlan.cs", "Routing/UpstreamRouter.cs" },
    ];

    private static string Show(string folder) => folder.Length == 0 ? "(root)" : folder;
}
