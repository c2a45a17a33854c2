using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Xunit.Abstractions;

namespace CodexHelper.Tests.Architecture;

public sealed class OneOffDump(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        var path = typeof(AppPaths).Assembly.Location;
        var fresh = CompiledDependencies.FromAssembly(path, "CodexHelper", "src/CodexHelper/");
        output.WriteLine("USES " + string.Join(", ", fresh.Files["Commands/DoctorCommand.cs"]));
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        pe.TryOpenAssociatedPortablePdb(path, p => File.OpenRead(p), out var prov, out _);
        var pdb = prov!.GetMetadataReader();
        foreach (var t in md.TypeDefinitions)
        {
            var td = md.GetTypeDefinition(t);
            var outer = t; while (md.GetTypeDefinition(outer).IsNested) outer = md.GetTypeDefinition(outer).GetDeclaringType();
            if (md.GetString(md.GetTypeDefinition(outer).Name) != "DoctorCommand") continue;
            output.WriteLine("type " + md.GetString(td.Name));
            foreach (var m in td.GetMethods())
            {
                var mdef = md.GetMethodDefinition(m);
                var info = pdb.GetMethodDebugInformation(m);
                var docs = info.SequencePointsBlob.IsNil ? "nil" : string.Join(",", info.GetSequencePoints().Where(p => !p.IsHidden).Select(p => pdb.GetString(pdb.GetDocument(p.Document).Name)).Distinct());
                output.WriteLine($"  {md.GetString(mdef.Name)} rva {mdef.RelativeVirtualAddress} docs {docs}");
                if (mdef.RelativeVirtualAddress != 0)
                    foreach (var tok in ILTokens.Read(pe.GetMethodBody(mdef.RelativeVirtualAddress).GetILReader()))
                        output.WriteLine($"     {tok.Kind} " + (tok.Kind == HandleKind.MethodDefinition ? md.GetString(md.GetMethodDefinition((MethodDefinitionHandle)tok).Name) : ""));
            }
        }
    }
}
