using System.Net;
using System.Net.Sockets;

namespace CodexHelper.Tests.Support;

internal static class FreePort
{
    /// <summary>A loopback port that nothing listens on (bound then released), for "connection refused".</summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
