using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodexHelper.Tests.Architecture;

/// <summary>
/// Who uses whom in src/CodexHelper, found by the compiler: every name in every file is bound and the
/// file that declares the type it names is a dependency. Binding (not text matching) is what makes it
/// reliable: a property called <c>ActiveConfig</c> is not the type <c>ActiveConfig</c>.
/// Folder = namespace here (CodexHelper.Proxy lives in Proxy/).
/// </summary>
internal sealed class SourceDependencies
{
    private static readonly Lazy<SourceDependencies> Shared = new(Build);

    /// <summary>File (relative to src/CodexHelper, '/' separated) → files it uses.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Files { get; }

    /// <summary>File → its namespace without the "CodexHelper" prefix ("" for the root, "Proxy", …).</summary>
    public IReadOnlyDictionary<string, string> FolderOf { get; }

    private SourceDependencies(IReadOnlyDictionary<string, IReadOnlySet<string>> files, IReadOnlyDictionary<string, string> folderOf)
    {
        Files = files;
        FolderOf = folderOf;
    }

    public static SourceDependencies Load() => Shared.Value;

    /// <summary>Folder → folders it uses, with one file pair per edge as the evidence.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Folders()
    {
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (file, uses) in Files)
        {
            var from = FolderOf[file];
            if (!result.TryGetValue(from, out var edges))
            {
                edges = new SortedDictionary<string, string>(StringComparer.Ordinal);
                result[from] = edges;
            }
            foreach (var used in uses)
            {
                var to = FolderOf[used];
                if (to != from && !edges.ContainsKey(to))
                {
                    ((SortedDictionary<string, string>)edges)[to] = $"{file} → {used}";
                }
            }
        }
        return result;
    }

    public static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodexHelper.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "CodexHelper");
            }
        }
        throw new InvalidOperationException("CodexHelper.slnx not found above " + AppContext.BaseDirectory);
    }

    private static SourceDependencies Build()
    {
        var root = SourceRoot();
        var paths = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(root, p))
            .ToList();
        return FromSources(paths.AsParallel().AsOrdered().Select(p => (Rel(root, p), File.ReadAllText(p))).ToList());
    }

    /// <summary>The graph of the given sources (relative path, text); public so a test can prove cycles are seen.</summary>
    public static SourceDependencies FromSources(IReadOnlyList<(string Path, string Text)> sources)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var trees = sources.AsParallel().AsOrdered()
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, options, path: s.Path))
            .ToList();
        var compilation = CSharpCompilation.Create("deps", trees.Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "<implicit usings>")),
            References.Value, // Nullable analysis off: it only adds annotations to the same symbols and roughly doubles the binding work.
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Disable));

        var folderOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var ns = tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString() ?? "";
            // Program.cs (top-level statements, no namespace) is the entry point above every folder.
            folderOf[tree.FilePath] = tree.FilePath == "Program.cs" ? "(entry)"
                : ns == "CodexHelper" ? ""
                : ns.StartsWith("CodexHelper.", StringComparison.Ordinal) ? ns["CodexHelper.".Length..] : ns;
        }

        // Binding is the cost (most of it in method bodies), so only names that can reach a type declared in
        // these sources are bound: framework names (Task, Span, var, …) never can. Exact for single-file types;
        // a type split over files (none today: the only partials are source-generator halves) would also need
        // its locals and parameters bound.
        var declared = DeclaredNames(trees);
        var files = new ConcurrentDictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        Parallel.ForEach(trees, tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            var uses = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (!declared.Contains(name.Identifier.ValueText))
                {
                    continue;
                }
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                if (symbol is IMethodSymbol { ReducedFrom: { } ext })
                {
                    type = ext.ContainingType;
                }
                for (; type is not null; type = type.ContainingType)
                {
                    foreach (var declaration in type.OriginalDefinition.DeclaringSyntaxReferences)
                    {
                        var path = declaration.SyntaxTree.FilePath;
                        if (path != tree.FilePath && folderOf.ContainsKey(path))
                        {
                            uses.Add(path);
                        }
                    }
                }
            }
            files[tree.FilePath] = uses;
        });
        return new SourceDependencies(new SortedDictionary<string, IReadOnlySet<string>>(files, StringComparer.Ordinal), folderOf);
    }

    /// <summary>Every name a use of a type or member declared in the sources can be spelled with.</summary>
    private static HashSet<string> DeclaredNames(IEnumerable<SyntaxTree> trees)
    {
        // `var` binds to the type it stands for: a file that only says `var kind = flags.Resolve(…)` uses ServiceKind.
        var names = new HashSet<string>(StringComparer.Ordinal) { "var" };
        foreach (var tree in trees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case BaseTypeDeclarationSyntax t:
                        names.Add(t.Identifier.ValueText);
                        // [Foo] names FooAttribute.
                        if (t.Identifier.ValueText.EndsWith("Attribute", StringComparison.Ordinal))
                        {
                            names.Add(t.Identifier.ValueText[..^"Attribute".Length]);
                        }
                        // A record's or class's primary-constructor parameters are its properties.
                        if (t is TypeDeclarationSyntax { ParameterList: { } parameters })
                        {
                            names.UnionWith(parameters.Parameters.Select(p => p.Identifier.ValueText));
                        }
                        break;
                    case DelegateDeclarationSyntax d: names.Add(d.Identifier.ValueText); break;
                    case MethodDeclarationSyntax m: names.Add(m.Identifier.ValueText); break;
                    case PropertyDeclarationSyntax p: names.Add(p.Identifier.ValueText); break;
                    case EventDeclarationSyntax e: names.Add(e.Identifier.ValueText); break;
                    case BaseFieldDeclarationSyntax f: names.UnionWith(f.Declaration.Variables.Select(v => v.Identifier.ValueText)); break;
                    case EnumMemberDeclarationSyntax e: names.Add(e.Identifier.ValueText); break;
                    case UsingDirectiveSyntax { Alias: { } alias }: names.Add(alias.Name.Identifier.ValueText); break;
                }
            }
        }
        return names;
    }

    private static bool IsBuildOutput(string root, string path)
    {
        var rel = Rel(root, path);
        return rel.StartsWith("obj/", StringComparison.Ordinal) || rel.StartsWith("bin/", StringComparison.Ordinal);
    }

    private static string Rel(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    // The SDK's implicit usings for a web project; one that does not resolve only costs a diagnostic we ignore.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    // The framework and every package next to the tests, but not codex-helper itself: its types must come from source.
    private static readonly Lazy<List<MetadataReference>> References = new(LoadReferences);

    private static List<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("codex-helper", StringComparison.OrdinalIgnoreCase)
                        && !Path.GetFileName(p).StartsWith("CodexHelper", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        var result = new List<MetadataReference>();
        foreach (var path in paths)
        {
            try
            {
                result.Add(MetadataReference.CreateFromFile(path));
            }
            catch (BadImageFormatException)
            {
                // a native library next to the tests
            }
        }
        return result;
    }
}
