using CodexHelper.Configuration;

namespace CodexHelper.Commands;

/// <summary>
/// What a command may touch: paths, environment, console streams. Passed in rather than reached for,
/// so that tests run commands in-process against temp homes and capture their output.
/// </summary>
internal sealed class CliContext
{
    public required AppPaths Paths { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    private TextReader? input;

    /// <summary>Where answers come from; opened on first use (see <see cref="OpenIn"/>).</summary>
    public TextReader In
    {
        get => input ??= OpenIn?.Invoke() ?? TextReader.Null;
        init => input = value;
    }

    /// <summary>
    /// Opens the process's stdin. Deferred until a question is asked: on a terminal, opening Console.In makes .NET
    /// switch it to keypad mode (it writes <c>ESC[?1h ESC=</c>), which every command would otherwise print at start.
    /// </summary>
    public Func<TextReader>? OpenIn { get; init; }
    public Func<string, string?> GetEnv { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>True when a person can answer a question on the terminal.</summary>
    public bool IsInteractive { get; init; }

    private int? width;
    private bool widthKnown;

    /// <summary>Columns tables may use: the terminal's width (or COLUMNS), null when output goes to a pipe or file.</summary>
    public int? Width
    {
        get
        {
            if (!widthKnown)
            {
                width = TerminalWidth.Detect(GetEnv);
                widthKnown = true;
            }

            return width;
        }
        init
        {
            width = value;
            widthKnown = true;
        }
    }

    /// <summary>Current directory for commands that default to it (sessions).</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public ConfigStore ConfigStore => ConfigStore.For(Paths);

    /// <summary>
    /// A writer straight to file descriptor 1 / 2. Console.Out, Console.Error and the Console streams first initialise the
    /// terminal, and on Unix with a terminal on stdin that writes the keypad-mode sequence <c>ESC[?1h ESC=</c> before our
    /// first line (and leaves the terminal in that mode when the process is killed). Windows keeps the Console streams.
    /// Writes are sequential (<see cref="FileDescriptorStream"/>), so <c>&gt; file</c>, <c>&gt;&gt;</c> and <c>2&gt;&amp;1</c> keep every line.
    /// </summary>
    private static TextWriter StandardWriter(int fd, Func<Stream> console)
    {
        var stream = OperatingSystem.IsWindows()
            ? console()
            : new FileDescriptorStream(fd);
        return TextWriter.Synchronized(new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 4096) { AutoFlush = true });
    }

    public static CliContext FromProcess() => new()
    {
        Paths = AppPaths.FromEnvironment(),
        Out = StandardWriter(1, Console.OpenStandardOutput),
        Error = StandardWriter(2, Console.OpenStandardError),
        OpenIn = () => Console.In,
        IsInteractive = !Console.IsInputRedirected && !Console.IsOutputRedirected,
    };
}
