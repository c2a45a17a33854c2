using System.Security.Cryptography;

namespace CodexHelper.Dashboard;

/// <summary>
/// Cryptographically secure random bytes without loading OpenSSL where the kernel gives them directly. On Linux
/// <see cref="RandomNumberGenerator"/> goes through libcrypto, and loading it for the dashboard's one token made an
/// idle proxy with the page open ~5 MiB larger (libcrypto, System.Security.Cryptography and OpenSSL's own state).
/// <c>/dev/urandom</c> is the kernel's CSPRNG, the same source OpenSSL seeds itself from.
/// </summary>
internal static class KernelRandom
{
    private const string Device = "/dev/urandom";

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        if (!OperatingSystem.IsLinux() || !TryRead(bytes))
        {
            RandomNumberGenerator.Fill(bytes);
        }

        return bytes;
    }

    private static bool TryRead(Span<byte> bytes)
    {
        try
        {
            using var device = new FileStream(Device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            device.ReadExactly(bytes);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A sandbox without /dev: the runtime's generator still works.
            return false;
        }
    }
}
