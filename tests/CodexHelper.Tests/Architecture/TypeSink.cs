using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace CodexHelper.Tests.Architecture;

/// <summary>
/// Decodes a signature blob only for its side effect: every type defined in this assembly that the signature
/// mentions (as itself, an array element, a generic argument, a modifier, …) is added to <see cref="Found"/>.
/// </summary>
internal sealed class TypeSink(MetadataReader reader) : ISignatureTypeProvider<int, object?>
{
    public HashSet<TypeDefinitionHandle> Found { get; } = [];

    public void Add(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                Found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
            case HandleKind.MethodDefinition:
                Found.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                Found.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                // A member of a generic instance (List<Foo>.Add, Box<T>.Value) or of a type from another assembly.
                Add(reader.GetMemberReference((MemberReferenceHandle)handle).Parent);
                break;
            case HandleKind.MethodSpecification:
                var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Add(spec.Method);
                spec.DecodeSignature(this, null);
                break;
            case HandleKind.StandaloneSignature:
                var standalone = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (standalone.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    standalone.DecodeLocalSignature(this, null);
                }
                else
                {
                    standalone.DecodeMethodSignature(this, null);
                }
                break;
        }
    }

    public int GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        Found.Add(handle);
        return 0;
    }

    public int GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, context);

    public int GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => 0;
    public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
    public int GetSZArrayType(int elementType) => 0;
    public int GetArrayType(int elementType, ArrayShape shape) => 0;
    public int GetByReferenceType(int elementType) => 0;
    public int GetPointerType(int elementType) => 0;
    public int GetPinnedType(int elementType) => 0;
    public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
    public int GetGenericMethodParameter(object? context, int index) => 0;
    public int GetGenericTypeParameter(object? context, int index) => 0;
    public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
    public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
}
