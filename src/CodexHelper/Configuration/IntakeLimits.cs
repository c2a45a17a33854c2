namespace CodexHelper.Configuration;

/// <summary>How a request body is taken in (step 1): its bound, and whether a compressed body is decoded. Per request, from its snapshot.</summary>
internal sealed record IntakeLimits(long MaxBodyBytes, bool DecodeCompressed)
{
    public static IntakeLimits From(RoutingOptions routing) =>
        new(routing.MaxRequestBodyBytes, RequestBodyEncodings.Parse(routing.RequestBodyEncoding) != false);
}
