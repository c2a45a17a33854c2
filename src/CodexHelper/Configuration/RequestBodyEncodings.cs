namespace CodexHelper.Configuration;

/// <summary>The values of <c>routing.request_body_encoding</c>.</summary>
internal static class RequestBodyEncodings
{
    public const string Decode = "decode";
    public const string Passthrough = "passthrough";

    /// <summary>True to decode, false to pass through, null for an unknown value. Unset means decode.</summary>
    public static bool? Parse(string? value) => value switch
    {
        null or Decode => true,
        Passthrough => false,
        _ => null,
    };
}
