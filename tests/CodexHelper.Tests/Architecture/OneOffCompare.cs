using System.Diagnostics;
using Xunit.Abstractions;

namespace CodexHelper.Tests.Architecture;

public sealed class OneOffCompare(ITestOutputHelper output)
{
    [Fact]
    public void Compare()
    {
        var sw = Stopwatch.StartNew();
        var fresh = CompiledDependencies.FromAssembly(typeof(AppPaths).Assembly.Location, "CodexHelper", "src/CodexHelper/");
        var tNew = sw.Elapsed; sw.Restart();
        var old = SourceDependencies.FromSources(Directory.EnumerateFiles(SourceDependencies.SourceRoot(), "*.cs", SearchOption.AllDirectories)
            .Select(p => (Path.GetRelativePath(SourceDependencies.SourceRoot(), p).Replace('\\', '/'), File.ReadAllText(p)))
            .Where(p => !p.Item1.StartsWith("obj/") && !p.Item1.StartsWith("bin/")).ToList());
        var tOld = sw.Elapsed;
        var fOld = old.Folders().SelectMany(f => f.Value.Keys.Select(k => f.Key + "->" + k)).ToHashSet();
        var fNew = fresh.Folders().SelectMany(f => f.Value.Keys.Select(k => f.Key + "->" + k)).ToHashSet();
        var eOld = old.Files.SelectMany(f => f.Value.Select(k => f.Key + "->" + k)).ToHashSet();
        var eNew = fresh.Files.SelectMany(f => f.Value.Select(k => f.Key + "->" + k)).ToHashSet();
        output.WriteLine($"time old {tOld.TotalSeconds:F2}s new {tNew.TotalSeconds:F2}s");
        output.WriteLine($"folder edges old {fOld.Count} new {fNew.Count}; file edges old {eOld.Count} new {eNew.Count}; files old {old.Files.Count} new {fresh.Files.Count}");
        output.WriteLine("folder edges only old: " + string.Join(", ", fOld.Except(fNew)));
        output.WriteLine("folder edges only new: " + string.Join(", ", fNew.Except(fOld)));
        output.WriteLine("file edges only old:\n  " + string.Join("\n  ", eOld.Except(eNew).Order()));
        output.WriteLine("file edges only new:\n  " + string.Join("\n  ", eNew.Except(eOld).Order()));
        output.WriteLine("files only old: " + string.Join(", ", old.Files.Keys.Except(fresh.Files.Keys)));
        output.WriteLine("files only new: " + string.Join(", ", fresh.Files.Keys.Except(old.Files.Keys)));
        output.WriteLine("ns mismatches: " + string.Join("\n", fresh.NamespaceMismatches));
        output.WriteLine("long methods:\n  " + string.Join("\n  ", fresh.Methods.Where(m => m.Lines > 45).OrderByDescending(m => m.Lines)));
        output.WriteLine("methods: " + fresh.Methods.Count);
    }
}
