using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A real nginx of the test's own: a temp prefix holding its config, pid, logs and temp paths, on a free loopback
/// port, in the foreground (<c>daemon off</c>) so the test owns the process. <c>.ci/run</c> installs Debian's nginx.
/// </summary>
internal sealed partial class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    private NginxServer(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public string ErrorLog => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : "";

    /// <summary>The binary: on PATH, or where Debian puts it (/usr/sbin is not on a normal user's PATH).</summary>
    private static string Binary => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    /// <summary>
    /// The nginx block of docs/gateway.md, made runnable here: TLS lines dropped, <c>listen</c> on a free loopback
    /// port, the two replica addresses (3211, 4211) replaced by <paramref name="replicaPorts"/>. Everything else — the
    /// streaming settings above all — is the documented text as it is.
    /// </summary>
    public static string DocumentedConfig(int listenPort, params int[] replicaPorts)
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "gateway.md"));
        var block = NginxFence().Match(doc);
        Assert.True(block.Success, "docs/gateway.md has no ```nginx block");
        var text = block.Groups[1].Value;
        text = ListenTls().Replace(text, $"listen 127.0.0.1:{listenPort};");
        text = TlsLine().Replace(text, "");
        text = text.Replace("127.0.0.1:3211", $"127.0.0.1:{replicaPorts[0]}", StringComparison.Ordinal)
            .Replace("127.0.0.1:4211", $"127.0.0.1:{replicaPorts[^1]}", StringComparison.Ordinal);
        return text;
    }

    /// <summary>Starts nginx with <paramref name="httpBlock"/> inside <c>http { }</c>; it must listen on <paramref name="port"/>.</summary>
    public static async Task<NginxServer> StartAsync(string httpBlock, int port)
    {
        SystemTool.Require(Binary, "nginx");
        var prefix = Directory.CreateTempSubdirectory("codex-helper-nginx-").FullName;
        // Running as root (CI containers), nginx would hand the workers to "nobody", who cannot use a 0700 temp prefix:
        // one process, no workers.
        var config = $$"""
            daemon off;
            master_process off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
            {{httpBlock}}
            }
            """;
        var file = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(file, config);
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", file, "-p", prefix + "/", "-e", Path.Combine(prefix, "error.log") })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NginxServer(process, prefix, port);
        for (var i = 0; i < 400; i++)
        {
            if (process.HasExited)
            {
                var log = server.ErrorLog;
                await server.DisposeAsync();
                throw new InvalidOperationException($"nginx exited ({process.ExitCode}):\n{log}\n--- config ---\n{config}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException($"nginx did not listen on {port}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docs", "gateway.md")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("docs/gateway.md not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("```nginx\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex NginxFence();

    [GeneratedRegex(@"listen\s+443[^;]*;")]
    private static partial Regex ListenTls();

    [GeneratedRegex(@"^\s*ssl_\w+\s[^;]*;[^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex TlsLine();
}
