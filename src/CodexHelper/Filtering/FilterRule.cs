namespace CodexHelper.Filtering;

/// <summary>
/// One compiled rule of filter.json. Source and target are kept as UTF-8 bytes because the body is
/// filtered as bytes: no string is ever made of a request body. A remove rule has an empty target.
/// </summary>
internal sealed class FilterRule(FilterOp op, byte[] source, byte[] target)
{
    public FilterOp Op { get; } = op;
    public byte[] Source { get; } = source;
    public byte[] Target { get; } = target;
}

internal enum FilterOp
{
    Replace,
    Remove,
}
