using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;

namespace CodexHelper.Tests.Architecture;

internal sealed partial class CompiledDependencies
{
    /// <summary>One pass over one assembly and its PDB; see <see cref="CompiledDependencies"/> for what counts as a use.</summary>
    private sealed class Reader(PEReader pe, MetadataReader md, MetadataReader pdb, string rootNamespace, string sourceDir)
    {
        private readonly Dictionary<DocumentHandle, string?> _documents = [];
        private readonly Dictionary<TypeDefinitionHandle, IReadOnlySet<string>> _typeFiles = [];
        private readonly Dictionary<string, SortedSet<string>> _uses = new(StringComparer.Ordinal);
        private readonly List<MethodLines> _methods = [];

        public CompiledDependencies Read()
        {
            var ownTypes = md.TypeDefinitions.ToDictionary(FullName, t => t, StringComparer.Ordinal);
            foreach (var type in md.TypeDefinitions)
            {
                foreach (var file in FilesOf(type))
                {
                    _uses.TryAdd(file, new SortedSet<string>(StringComparer.Ordinal));
                }
            }
            foreach (var type in md.TypeDefinitions)
            {
                ReadType(type, ownTypes);
            }
            AddConstantUses();
            var folderOf = _uses.Keys.ToDictionary(f => f, FolderOf, StringComparer.Ordinal);
            return new CompiledDependencies(
                new SortedDictionary<string, IReadOnlySet<string>>(_uses.ToDictionary(u => u.Key, u => (IReadOnlySet<string>)u.Value), StringComparer.Ordinal),
                folderOf, _methods, NamespaceMismatches(folderOf));
        }

        private void ReadType(TypeDefinitionHandle handle, Dictionary<string, TypeDefinitionHandle> ownTypes)
        {
            var typeFiles = FilesOf(handle);
            if (typeFiles.Count == 0)
            {
                return;
            }
            var type = md.GetTypeDefinition(handle);
            var sink = new TypeSink(md);
            if (!type.BaseType.IsNil)
            {
                sink.Add(type.BaseType);
            }
            foreach (var i in type.GetInterfaceImplementations())
            {
                sink.Add(md.GetInterfaceImplementation(i).Interface);
            }
            AddGenericConstraints(sink, type.GetGenericParameters());
            AddAttributes(sink, type.GetCustomAttributes(), ownTypes);
            foreach (var f in type.GetFields())
            {
                var field = md.GetFieldDefinition(f);
                field.DecodeSignature(sink, null);
                AddAttributes(sink, field.GetCustomAttributes(), ownTypes);
            }
            foreach (var p in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(p);
                property.DecodeSignature(sink, null);
                AddAttributes(sink, property.GetCustomAttributes(), ownTypes);
            }
            foreach (var e in type.GetEvents())
            {
                var ev = md.GetEventDefinition(e);
                sink.Add(ev.Type);
                AddAttributes(sink, ev.GetCustomAttributes(), ownTypes);
            }
            foreach (var m in type.GetMethodImplementations())
            {
                sink.Add(md.GetMethodImplementation(m).MethodDeclaration);
            }
            Record(typeFiles, sink);

            foreach (var m in type.GetMethods())
            {
                ReadMethod(m, typeFiles, ownTypes);
            }
        }

        private void ReadMethod(MethodDefinitionHandle handle, IReadOnlySet<string> typeFiles, Dictionary<string, TypeDefinitionHandle> ownTypes)
        {
            var (files, generatedOnly) = MethodFiles(handle);
            if (generatedOnly)
            {
                return;
            }
            var method = md.GetMethodDefinition(handle);
            var sink = new TypeSink(md);
            method.DecodeSignature(sink, null);
            AddGenericConstraints(sink, method.GetGenericParameters());
            AddAttributes(sink, method.GetCustomAttributes(), ownTypes);
            foreach (var p in method.GetParameters())
            {
                AddAttributes(sink, md.GetParameter(p).GetCustomAttributes(), ownTypes);
            }
            if (method.RelativeVirtualAddress != 0)
            {
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    sink.Add(body.LocalSignature);
                }
                foreach (var region in body.ExceptionRegions)
                {
                    if (!region.CatchType.IsNil)
                    {
                        sink.Add(region.CatchType);
                    }
                }
                foreach (var token in ILTokens.Read(body.GetILReader()))
                {
                    sink.Add(token);
                }
            }
            Record(files.Count > 0 ? files : typeFiles, sink);
            if (files.Count == 1)
            {
                AddLines(handle, files.First());
            }
        }

        /// <summary>
        /// The lines a method's body spans, under the name it has in source: an async or iterator method's body is
        /// its state machine's MoveNext; lambdas and local functions lie inside their method's span and are not listed.
        /// </summary>
        private void AddLines(MethodDefinitionHandle handle, string file)
        {
            var info = pdb.GetMethodDebugInformation(handle);
            var kickoff = info.GetStateMachineKickoffMethod();
            var named = kickoff.IsNil ? handle : kickoff;
            var method = md.GetMethodDefinition(named);
            var name = md.GetString(method.Name);
            if (name.StartsWith('<'))
            {
                return;
            }
            int first = int.MaxValue, last = 0;
            foreach (var point in info.GetSequencePoints())
            {
                if (!point.IsHidden)
                {
                    first = Math.Min(first, point.StartLine);
                    last = Math.Max(last, point.EndLine);
                }
            }
            _methods.Add(new MethodLines(TypeName(method.GetDeclaringType()) + "." + name, file, first, last));
        }

        private string TypeName(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var name = md.GetString(type.Name);
            var tick = name.IndexOf('`');
            name = tick < 0 ? name : name[..tick];
            return type.IsNested ? TypeName(type.GetDeclaringType()) + "." + name : name;
        }

        /// <summary>
        /// Constants and enum members are copied into the IL as numbers and strings, so a file that only reads
        /// <c>StatusEndpoint.InternalPrefix</c> or <c>ServiceKind.Codex</c> leaves no token behind. Those uses are
        /// found in the text instead: every "Type.Member" where Member is a constant of our Type (outside // comments).
        /// Another file can only reach a constant through its type's name, so this is all of them.
        /// </summary>
        private void AddConstantUses()
        {
            var constants = new Dictionary<string, HashSet<TypeDefinitionHandle>>(StringComparer.Ordinal);
            foreach (var handle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(handle);
                var typeName = md.GetString(type.Name);
                foreach (var f in type.GetFields())
                {
                    var field = md.GetFieldDefinition(f);
                    if (IsConstant(field) && FilesOf(handle).Count > 0)
                    {
                        var key = typeName + "." + md.GetString(field.Name);
                        if (!constants.TryGetValue(key, out var types))
                        {
                            constants[key] = types = [];
                        }
                        types.Add(handle);
                    }
                }
            }
            var root = Path.Combine(RepoRoot(), sourceDir);
            foreach (var (file, uses) in _uses)
            {
                foreach (var line in File.ReadLines(Path.Combine(root, file)))
                {
                    var code = line.AsSpan().TrimStart();
                    if (code.StartsWith("//", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    foreach (Match m in QualifiedName().Matches(line))
                    {
                        if (constants.TryGetValue(m.Groups[1].Value, out var types))
                        {
                            uses.UnionWith(types.SelectMany(FilesOf).Where(to => to != file));
                        }
                    }
                }
            }
        }

        /// <summary>A literal, or a <c>const decimal</c> (a static field marked [DecimalConstant] whose uses are inlined too).</summary>
        private bool IsConstant(FieldDefinition field) =>
            (field.Attributes & System.Reflection.FieldAttributes.Literal) != 0
            || field.GetCustomAttributes().Any(a => md.GetCustomAttribute(a).Constructor is { Kind: HandleKind.MemberReference } ctor
                && md.GetMemberReference((MemberReferenceHandle)ctor).Parent is { Kind: HandleKind.TypeReference } parent
                && md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name) == "DecimalConstantAttribute");

        private void Record(IReadOnlySet<string> from, TypeSink sink)
        {
            foreach (var used in sink.Found)
            {
                foreach (var to in FilesOf(used))
                {
                    foreach (var file in from)
                    {
                        if (to != file)
                        {
                            _uses[file].Add(to);
                        }
                    }
                }
            }
        }

        private void AddGenericConstraints(TypeSink sink, GenericParameterHandleCollection parameters)
        {
            foreach (var g in parameters)
            {
                foreach (var c in md.GetGenericParameter(g).GetConstraints())
                {
                    sink.Add(md.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        /// <summary>The attribute's type, and any type of ours its arguments name (typeof(X) is stored as X's name).</summary>
        private void AddAttributes(TypeSink sink, CustomAttributeHandleCollection attributes, Dictionary<string, TypeDefinitionHandle> ownTypes)
        {
            foreach (var a in attributes)
            {
                var attribute = md.GetCustomAttribute(a);
                sink.Add(attribute.Constructor);
                var blob = md.GetBlobReader(attribute.Value);
                var bytes = blob.ReadBytes(blob.Length);
                // Serialized type names are "Namespace.Outer+Inner" (assembly-qualified or inside a generic's brackets):
                // every run of name characters is looked up, so the blob's layout need not be decoded.
                var start = -1;
                for (var i = 0; i <= bytes.Length; i++)
                {
                    var nameChar = i < bytes.Length && (char.IsAsciiLetterOrDigit((char)bytes[i]) || bytes[i] is (byte)'.' or (byte)'+' or (byte)'_' or (byte)'`');
                    if (nameChar && start < 0)
                    {
                        start = i;
                    }
                    else if (!nameChar && start >= 0)
                    {
                        if (ownTypes.TryGetValue(Encoding.ASCII.GetString(bytes, start, i - start), out var named))
                        {
                            sink.Found.Add(named);
                        }
                        start = -1;
                    }
                }
            }
        }

        /// <summary>The source files a type is declared in; a nested type with none (a compiler's helper) is its outer type's.</summary>
        private IReadOnlySet<string> FilesOf(TypeDefinitionHandle handle)
        {
            if (_typeFiles.TryGetValue(handle, out var known))
            {
                return known;
            }
            var type = md.GetTypeDefinition(handle);
            var files = OwnFiles(handle);
            IReadOnlySet<string> result = files.Count == 0 && type.IsNested ? FilesOf(type.GetDeclaringType()) : files;
            _typeFiles[handle] = result;
            return result;
        }

        /// <summary>
        /// The files a type's own lines are in: its methods', its TypeDefinitionDocuments record's, and those of the
        /// helpers the compiler nested in it (an async method's body is its state machine's MoveNext, a lambda's a
        /// closure's method), so a static class of async methods is still found in its file.
        /// </summary>
        private SortedSet<string> OwnFiles(TypeDefinitionHandle handle)
        {
            var files = new SortedSet<string>(StringComparer.Ordinal);
            var type = md.GetTypeDefinition(handle);
            foreach (var m in type.GetMethods())
            {
                files.UnionWith(MethodFiles(m).Files);
            }
            foreach (var info in pdb.GetCustomDebugInformation(handle))
            {
                var record = pdb.GetCustomDebugInformation(info);
                if (pdb.GetGuid(record.Kind) == TypeDefinitionDocuments)
                {
                    var blob = pdb.GetBlobReader(record.Value);
                    while (blob.RemainingBytes > 0)
                    {
                        if (SourceFile(MetadataTokens.DocumentHandle(blob.ReadCompressedInteger())) is { } file)
                        {
                            files.Add(file);
                        }
                    }
                }
            }
            foreach (var nested in type.GetNestedTypes())
            {
                if (md.GetString(md.GetTypeDefinition(nested).Name).StartsWith('<'))
                {
                    files.UnionWith(OwnFiles(nested));
                }
            }
            return files;
        }

        /// <summary>The source files a method's lines are in; generatedOnly when it has lines but none in a source file.</summary>
        private (IReadOnlySet<string> Files, bool GeneratedOnly) MethodFiles(MethodDefinitionHandle handle)
        {
            var files = new SortedSet<string>(StringComparer.Ordinal);
            var anyLines = false;
            var info = pdb.GetMethodDebugInformation(handle);
            if (info.SequencePointsBlob.IsNil)
            {
                return (files, false);
            }
            foreach (var point in info.GetSequencePoints())
            {
                if (point.IsHidden)
                {
                    continue;
                }
                anyLines = true;
                if (SourceFile(point.Document) is { } file)
                {
                    files.Add(file);
                }
            }
            return (files, anyLines && files.Count == 0);
        }

        private string? SourceFile(DocumentHandle handle)
        {
            if (_documents.TryGetValue(handle, out var known))
            {
                return known;
            }
            var path = pdb.GetString(pdb.GetDocument(handle).Name).Replace('\\', '/');
            var at = path.StartsWith(sourceDir, StringComparison.Ordinal) ? 0 : path.IndexOf("/" + sourceDir, StringComparison.Ordinal) + 1;
            string? file = null;
            if (at > 0 || path.StartsWith(sourceDir, StringComparison.Ordinal))
            {
                var rel = path[(at + sourceDir.Length)..];
                file = rel.StartsWith("obj/", StringComparison.Ordinal) || rel.StartsWith("bin/", StringComparison.Ordinal) ? null : rel;
            }
            _documents[handle] = file;
            return file;
        }

        private static string FolderOf(string file) =>
            file == "Program.cs" ? "(entry)" : file.Contains('/') ? file[..file.LastIndexOf('/')] : "";

        private string FullName(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var name = md.GetString(type.Name);
            return type.IsNested ? FullName(type.GetDeclaringType()) + "+" + name
                : type.Namespace.IsNil ? name : md.GetString(type.Namespace) + "." + name;
        }

        private List<string> NamespaceMismatches(Dictionary<string, string> folderOf)
        {
            var mismatches = new List<string>();
            foreach (var handle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(handle);
                if (type.IsNested || md.GetString(type.Name).StartsWith('<'))
                {
                    continue;
                }
                var ns = md.GetString(type.Namespace);
                foreach (var file in FilesOf(handle))
                {
                    var folder = folderOf[file];
                    var expected = folder == "(entry)" ? "" : folder.Length == 0 ? rootNamespace : rootNamespace + "." + folder.Replace('/', '.');
                    if (ns != expected)
                    {
                        mismatches.Add($"{file}: namespace {ns}, expected {expected}");
                    }
                }
            }
            return mismatches;
        }
    }
}
