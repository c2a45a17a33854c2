using System.Reflection.Metadata;
using System.Reflection;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CodexHelper.Tests.Architecture;

/// <summary>
/// No production method exists only for the tests: every method of codex-helper.dll the test assembly calls is also
/// called by codex-helper.dll itself. Read from the IL, like <see cref="CompiledDependencies"/>: a call is a method token
/// in a method body (call, callvirt, newobj, ldftn), so code the JSON source generator wrote counts as a use. Virtual
/// members (interface implementations, overrides) and compiler-generated ones are left out: the runtime calls them.
/// So are setters: an option a test sets (a clock, a poll interval) is a seam production reads through its getter.
/// </summary>
public sealed class TestOnlyMemberTests
{
    // Methods only tests call, each with its reason: a new one must argue for its place here.
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["CodexHelper.Dashboard.CaptureWriter.FlushAsync"] = "tests wait for the disk capture's background writer",
        ["CodexHelper.Dashboard.DashboardObserver.get_CaptureWriter"] = "tests wait for the disk capture's background writer",
        ["CodexHelper.Filtering.RequestFilter.Apply"] = "the copying form of ApplyInPlace, which the filter's rule tests read most plainly",
        ["CodexHelper.Proxy.Snapshot.ActiveConfigSource.get_VersionsRead"] = "tests wait until an edit was read before asserting that no reload was announced",
        ["CodexHelper.Proxy.Hosting.ProxyServer.get_Port"] = "what a caller that asked for port 0 learns (tests; serve prints BaseAddress)",
        ["CodexHelper.Routing.RoutePlan.get_IsFallback"] = "not shown anywhere yet (log or status could); the router tests prove when it is set",
        ["CodexHelper.Sessions.ClaudeProjectDirName.Encode"] = "tests make Claude's project folder names with the rule the matcher inverts",
        // Found when this check met the translation work (merged in parallel): for its authors to use or move.
        ["CodexHelper.Translation.AnthropicEventReader.get_Model"] = "translation work in progress: to be used or moved to the tests",
        ["CodexHelper.Translation.ChatChunkReader.get_Model"] = "translation work in progress: to be used or moved to the tests",
        ["CodexHelper.Translation.ChatChunkReader.get_Role"] = "translation work in progress: to be used or moved to the tests",
    };

    private static readonly HashSet<string> Generated = new(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "ToString", "Deconstruct", "op_Equality", "op_Inequality", "PrintMembers", "get_EqualityContract",
    };

    [Fact]
    public void No_production_method_is_called_only_by_tests()
    {
        var production = Path.Combine(AppContext.BaseDirectory, "codex-helper.dll");
        var (declared, used) = Production(production);
        var fromTests = CalledFromTests(typeof(TestOnlyMemberTests).Assembly.Location, "codex-helper");

        var testOnly = fromTests.Where(m => declared.Contains(m) && !used.Contains(m) && !Known.ContainsKey(m)).Order(StringComparer.Ordinal).ToList();

        Assert.True(testOnly.Count == 0, "production methods only tests call (move them to the tests, or use them):\n  " + string.Join("\n  ", testOnly));
        var stale = Known.Keys.Where(m => !declared.Contains(m) || used.Contains(m)).ToList();
        Assert.True(stale.Count == 0, "listed as test-only but now used by production, or gone (take them off the list):\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public void A_method_production_calls_is_seen_as_used_and_one_only_tests_call_is_not()
    {
        var (declared, used) = Production(Path.Combine(AppContext.BaseDirectory, "codex-helper.dll"));
        var fromTests = CalledFromTests(typeof(TestOnlyMemberTests).Assembly.Location, "codex-helper");

        Assert.Contains("CodexHelper.Proxy.Reporting.RequestCost.For", declared);
        Assert.Contains("CodexHelper.Proxy.Reporting.RequestCost.For", used);
        Assert.Contains("CodexHelper.Proxy.Judging.FailureSummary.Name", used);
        // Set by the router, read only by its tests: found, and listed in Known.
        Assert.Contains("CodexHelper.Routing.RoutePlan.get_IsFallback", declared);
        Assert.Contains("CodexHelper.Routing.RoutePlan.get_IsFallback", fromTests);
        Assert.DoesNotContain("CodexHelper.Routing.RoutePlan.get_IsFallback", used);
    }

    private static (HashSet<string> Declared, HashSet<string> Used) Production(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (Counts(md, method))
            {
                declared.Add(Key(md, handle));
            }

            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            foreach (var token in ILTokens.Read(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader()))
            {
                if (OwnMethod(md, token) is { } called)
                {
                    used.Add(called);
                }
            }
        }

        return (declared, used);
    }

    /// <summary>A method tests could call directly and the runtime does not call for us.</summary>
    private static bool Counts(MetadataReader md, MethodDefinition method)
    {
        var name = md.GetString(method.Name);
        var type = md.GetTypeDefinition(method.GetDeclaringType());
        return (method.Attributes & (MethodAttributes.Virtual | MethodAttributes.Abstract)) == 0
            && (method.Attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Assembly or MethodAttributes.FamORAssem
            && !name.Contains('<', StringComparison.Ordinal) && !name.StartsWith('.') && !name.StartsWith("set_", StringComparison.Ordinal) && !Generated.Contains(name)
            && !md.GetString(type.Name).Contains('<', StringComparison.Ordinal);
    }

    private static string? OwnMethod(MetadataReader md, EntityHandle token)
    {
        switch (token.Kind)
        {
            case HandleKind.MethodDefinition:
                return Key(md, (MethodDefinitionHandle)token);
            case HandleKind.MethodSpecification:
                return OwnMethod(md, md.GetMethodSpecification((MethodSpecificationHandle)token).Method);
            case HandleKind.MemberReference:
                // A member of one of our generic types, instantiated: its parent is a type spec.
                var reference = md.GetMemberReference((MemberReferenceHandle)token);
                return reference.Parent.Kind == HandleKind.TypeSpecification && GenericDefinition(md, (TypeSpecificationHandle)reference.Parent) is { } type
                    ? TypeName(md, type) + "." + md.GetString(reference.Name)
                    : null;
            default:
                return null;
        }
    }

    private static TypeDefinitionHandle? GenericDefinition(MetadataReader md, TypeSpecificationHandle spec)
    {
        var blob = md.GetBlobReader(md.GetTypeSpecification(spec).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return null;
        }

        blob.ReadSignatureTypeCode(); // class or value type
        var handle = blob.ReadTypeHandle();
        return handle.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)handle : null;
    }

    private static HashSet<string> CalledFromTests(string path, string productionAssembly)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.MemberReferences)
        {
            var reference = md.GetMemberReference(handle);
            if (reference.GetKind() == MemberReferenceKind.Method && reference.Parent.Kind == HandleKind.TypeReference
                && ReferencedName(md, (TypeReferenceHandle)reference.Parent, productionAssembly) is { } type)
            {
                called.Add(type + "." + md.GetString(reference.Name));
            }
        }

        return called;
    }

    /// <summary>The full name of a type the test assembly takes from <paramref name="assembly"/>; null for any other.</summary>
    private static string? ReferencedName(MetadataReader md, TypeReferenceHandle handle, string assembly)
    {
        var type = md.GetTypeReference(handle);
        var scope = type.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            return ReferencedName(md, (TypeReferenceHandle)scope, assembly) is { } outer ? outer + "+" + md.GetString(type.Name) : null;
        }

        return scope.Kind == HandleKind.AssemblyReference && md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == assembly
            ? Qualified(md.GetString(type.Namespace), md.GetString(type.Name))
            : null;
    }

    private static string Key(MetadataReader md, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        return TypeName(md, method.GetDeclaringType()) + "." + md.GetString(method.Name);
    }

    private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? Qualified(md.GetString(type.Namespace), md.GetString(type.Name))
            : TypeName(md, declaring) + "+" + md.GetString(type.Name);
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
