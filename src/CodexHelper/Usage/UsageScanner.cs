// TEMPORARY STUB: replaced by the usage-scan branch.
namespace CodexHelper.Usage;

public sealed class UsageScanner
{
    public static UsageScanner Create(string? contentType) { _ = contentType; return new UsageScanner(); }
    public void Feed(ReadOnlySpan<byte> chunk) { }
    public TokenUsage? Finish() => null;
    public string? Model => null;
}
