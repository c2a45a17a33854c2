// TEMPORARY STUB: replaced by the filter-log branch.
namespace CodexHelper.Filtering;

public sealed class FilterFileSource(string path, TimeProvider clock, Action<string>? warn = null)
{
    public RequestFilter Current { get { _ = (path, clock, warn); return RequestFilter.Empty; } }
}
