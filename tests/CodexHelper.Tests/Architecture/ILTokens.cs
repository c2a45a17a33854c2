using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace CodexHelper.Tests.Architecture;

/// <summary>The metadata tokens a method body's IL names (call targets, field and type operands, ldtoken, …).</summary>
internal static class ILTokens
{
    // Operand sizes by opcode, taken from the runtime's own opcode table so no opcode is missed or mis-sized.
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .DistinctBy(o => o.Value)
        .ToDictionary(o => unchecked((ushort)o.Value), o => o.OperandType);

    public static IEnumerable<EntityHandle> Read(BlobReader il)
    {
        var tokens = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (ushort)(0xFE00 | il.ReadByte());
            }
            var operand = Operands.TryGetValue(code, out var known) ? known
                : throw new BadImageFormatException($"unknown IL opcode 0x{code:X} at offset {il.Offset}");
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType
                    or OperandType.InlineTok or OperandType.InlineSig:
                    tokens.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // read before Offset: `Offset += 4 * ReadInt32()` would lose the count's 4 bytes
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += Size(operand);
                    break;
            }
        }
        return tokens;
    }

    private static int Size(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4, // branch targets, int32, float32, string tokens
    };
}
