using System.Text.Json.Serialization;

namespace CodexHelper.Diagnostics;

/// <summary>One finding of <c>doctor</c>. <c>status</c> uses the original's words: ok, info, warn, fail.</summary>
internal sealed record DoctorCheck(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("hint")] string? Hint = null)
{
    public const string Ok = "ok";
    public const string Info = "info";
    public const string Warn = "warn";
    public const string Fail = "fail";

    public static DoctorCheck Pass(string id, string message) => new(id, Ok, message);
    public static DoctorCheck Note(string id, string message, string? hint = null) => new(id, Info, message, hint);
    public static DoctorCheck Warning(string id, string message, string? hint = null) => new(id, Warn, message, hint);
    public static DoctorCheck Failure(string id, string message, string? hint = null) => new(id, Fail, message, hint);
}

internal sealed record DoctorSummary(
    [property: JsonPropertyName("ok")] int Ok,
    [property: JsonPropertyName("info")] int Info,
    [property: JsonPropertyName("warn")] int Warn,
    [property: JsonPropertyName("fail")] int Fail);

internal sealed record DoctorReport(
    [property: JsonPropertyName("checks")] IReadOnlyList<DoctorCheck> Checks,
    [property: JsonPropertyName("summary")] DoctorSummary Summary)
{
    public static DoctorReport Of(IReadOnlyList<DoctorCheck> checks) => new(checks, new DoctorSummary(
        checks.Count(c => c.Status == DoctorCheck.Ok),
        checks.Count(c => c.Status == DoctorCheck.Info),
        checks.Count(c => c.Status == DoctorCheck.Warn),
        checks.Count(c => c.Status == DoctorCheck.Fail)));

    public bool HasFailure => Summary.Fail > 0;
}
