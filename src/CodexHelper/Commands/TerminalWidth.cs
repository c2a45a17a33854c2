using System.Globalization;
using System.Runtime.InteropServices;

namespace CodexHelper.Commands;

/// <summary>
/// How many columns the terminal on stdout has, or null when stdout is not a terminal (pipes and files get whole lines).
/// Not <c>Console.WindowWidth</c>: on Unix it initialises the terminal and prints the keypad-mode sequence
/// <c>ESC[?1h</c> (see <see cref="CliContext"/>), so Linux asks the kernel directly.
/// </summary>
internal static class TerminalWidth
{
    /// <summary>Tables never get narrower than this; below it a line is cut instead.</summary>
    public const int Minimum = 20;

    public static int? Detect(Func<string, string?> getEnv)
    {
        // COLUMNS wins: shells set it for scripts that want a width, and tests pin one.
        if (int.TryParse(getEnv("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            return Math.Max(columns, Minimum);
        }

        try
        {
            if (OperatingSystem.IsLinux())
            {
                return ioctl(1, TiocGWinSz, out var size) == 0 && size.Columns > 0 ? Math.Max((int)size.Columns, Minimum) : null;
            }

            if (OperatingSystem.IsWindows() && !Console.IsOutputRedirected)
            {
                return Math.Max(Console.WindowWidth, Minimum);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
        }

        // macOS (ioctl is variadic there, which a fixed-argument P/Invoke cannot call on arm64): COLUMNS only.
        return null;
    }

    private const nuint TiocGWinSz = 0x5413;

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [DllImport("libc", EntryPoint = "ioctl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ioctl(int fd, nuint request, out WinSize size);
}
