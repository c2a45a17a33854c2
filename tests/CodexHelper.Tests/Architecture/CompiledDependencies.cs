using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace CodexHelper.Tests.Architecture;

/// <summary>
/// Who uses whom in src/CodexHelper, read from the compiled assembly: every type a file's code names survives in
/// the IL and metadata (base types, interfaces, field/method/property signatures, locals, catch clauses, attribute
/// constructors and their typeof arguments, generic arguments, and every token a method body loads or calls).
/// The portable PDB says which source file each method's lines are in, so a type lives in the file(s) its methods
/// (or, for a type without method bodies, its TypeDefinitionDocuments record) point at; a property called
/// <c>ActiveConfig</c> is no use of the type <c>ActiveConfig</c>, because names are not read at all.
/// Code a source generator wrote (JSON contexts' other half, regexes) is not a source file and is left out.
/// Folder = namespace = the file's directory (checked: <see cref="NamespaceMismatches"/>).
/// </summary>
internal sealed partial class CompiledDependencies
{
    private static readonly Lazy<CompiledDependencies> Shared =
        new(() => FromAssembly(typeof(AppPaths).Assembly.Location, "CodexHelper", "src/CodexHelper/"));

    // Roslyn writes this record for types whose file no method's sequence points name (enums, interfaces, a class
    // whose only code is in its nested helpers).
    private static readonly Guid TypeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

    /// <summary>File (relative to the source folder, '/' separated) → files it uses.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Files { get; }

    /// <summary>File → its folder: "" for the root, "Proxy", …; "(entry)" for Program.cs.</summary>
    public IReadOnlyDictionary<string, string> FolderOf { get; }

    /// <summary>Every method of the sources with the lines its body spans (from its first to its last sequence point).</summary>
    public IReadOnlyList<MethodLines> Methods { get; }

    /// <summary>"file: namespace X, expected Y" for every type whose namespace is not its file's folder.</summary>
    public IReadOnlyList<string> NamespaceMismatches { get; }

    private CompiledDependencies(IReadOnlyDictionary<string, IReadOnlySet<string>> files, IReadOnlyDictionary<string, string> folderOf,
        IReadOnlyList<MethodLines> methods, IReadOnlyList<string> namespaceMismatches)
    {
        Files = files;
        FolderOf = folderOf;
        Methods = methods;
        NamespaceMismatches = namespaceMismatches;
    }

    public static CompiledDependencies Load() => Shared.Value;

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

    /// <summary>
    /// The graph of the types in <paramref name="assemblyPath"/> whose source files are under <paramref name="sourceDir"/>
    /// (repository-relative, ending in '/'; matched inside the PDB's document paths, so a path-mapped build works too).
    /// Public so a test can read a small cyclic example compiled into the test assembly.
    /// </summary>
    public static CompiledDependencies FromAssembly(string assemblyPath, string rootNamespace, string sourceDir)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        if (!pe.TryOpenAssociatedPortablePdb(assemblyPath, p => File.Exists(p) ? File.OpenRead(p) : null, out var pdbProvider, out _)
            || pdbProvider is null)
        {
            throw new InvalidOperationException($"{assemblyPath} has no portable PDB beside it or inside it");
        }
        using (pdbProvider)
        {
            return new Reader(pe, pe.GetMetadataReader(), pdbProvider.GetMetadataReader(), rootNamespace, sourceDir).Read();
        }
    }

    internal sealed record MethodLines(string Name, string File, int FirstLine, int LastLine)
    {
        public int Lines => LastLine - FirstLine + 1;

        public bool IsConstructor => Name.EndsWith("..ctor", StringComparison.Ordinal) || Name.EndsWith("..cctor", StringComparison.Ordinal);

        public override string ToString() => $"{Name} ({File}:{FirstLine}-{LastLine}, {Lines} lines)";
    }

    /// <summary>The clone's root: the folder above the tests that holds CodexHelper.slnx.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodexHelper.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CodexHelper.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?=\b([A-Za-z_]\w*\.[A-Za-z_]\w*)\b)")]
    private static partial Regex QualifiedName();
}
