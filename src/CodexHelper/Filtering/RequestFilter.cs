// TEMPORARY STUB: replaced by the filter-log branch.
namespace CodexHelper.Filtering;

public sealed class RequestFilter
{
    public static RequestFilter Empty { get; } = new();
    public int RuleCount => 0;
    public ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> body, out int replacements) { replacements = 0; return body; }
}
