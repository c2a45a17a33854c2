using CodexHelper.Configuration;

namespace CodexHelper.Bootstrap;

/// <summary>A config derived from the client's own files, and what was taken from where (no secrets).</summary>
internal sealed record BootstrapResult(ServiceConfig Config, IReadOnlyList<string> Notes);
