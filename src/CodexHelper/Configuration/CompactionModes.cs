namespace CodexHelper.Configuration;

/// <summary>The values of an upstream's <c>compaction</c>.</summary>
internal static class CompactionModes
{
    public const string Native = "native";
    public const string Emulate = "emulate";
}
