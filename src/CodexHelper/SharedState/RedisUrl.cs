using System.Globalization;
using StackExchange.Redis;

namespace CodexHelper.SharedState;

/// <summary><c>redis://[:password@]host:port[/db]</c> → StackExchange.Redis options that never give up reconnecting.</summary>
internal static class RedisUrl
{
    public static ConfigurationOptions Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Host.Length == 0)
        {
            throw new UserFacingException($"--state must look like redis://host:port[/db], not \"{Display(url)}\"", 2);
        }

        var options = new ConfigurationOptions
        {
            EndPoints = { { uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port } },
            // A replica must start and serve without Redis; the multiplexer keeps reconnecting in the background.
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            AsyncTimeout = 1000,
            SyncTimeout = 1000,
            KeepAlive = 5,
            ClientName = "codex-helper",
        };
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db) || db > 15)
            {
                throw new UserFacingException($"--state: database must be a number 0-15, not \"{path}\"", 2);
            }

            options.DefaultDatabase = db;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            options.Password = Uri.UnescapeDataString(colon >= 0 ? uri.UserInfo[(colon + 1)..] : uri.UserInfo);
            if (colon > 0)
            {
                options.User = Uri.UnescapeDataString(uri.UserInfo[..colon]);
            }
        }

        return options;
    }

    /// <summary>The URL without its password, for messages.</summary>
    public static string Display(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal)
            : url;
}
