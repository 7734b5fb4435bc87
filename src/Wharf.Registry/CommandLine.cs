namespace Wharf.Registry;

/// <summary>
/// Turns flags into configuration keys (the same keys a config file uses, in distribution's
/// config.yml shape), so a flag overrides the file's value for that key.
/// </summary>
internal static class CommandLine
{
    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["--addr"] = "http:addr",
        ["--root"] = "storage:filesystem:rootdirectory",
        ["--storage"] = "storage:driver",
        ["--htpasswd"] = "auth:htpasswd:path",
        ["--realm"] = "auth:htpasswd:realm",
        ["--tls-cert"] = "http:tls:certificate",
        ["--tls-key"] = "http:tls:key",
        ["--token-key"] = "auth:token:rootcertbundle",
        ["--token-realm"] = "auth:token:realm",
        ["--token-service"] = "auth:token:service",
        ["--token-issuer"] = "auth:token:issuer",
        ["--token-signing-key"] = "auth:token:signingkey",
        ["--access-log"] = "log:accesslog:path",
        ["--shutdown-timeout"] = "http:draintimeout",
        ["--max-manifest-bytes"] = "http:maxmanifestbytes",
        ["--upload-max-age"] = "gc:uploadmaxage",
    };

    private static readonly Dictionary<string, string> SwitchFlags = new(StringComparer.Ordinal)
    {
        ["--read-only"] = "storage:maintenance:readonly:enabled",
        ["--direct-writes"] = "storage:filesystem:directwrites",
        ["--dry-run"] = "gc:dryrun",
        ["--delete-untagged"] = "gc:deleteuntagged",
    };

    /// <summary>Parses flags (<c>--flag value</c> or <c>--flag=value</c>); returns the config file path (if any) and the keys set.</summary>
    public static (string? ConfigFile, Dictionary<string, string?> Values) Parse(IReadOnlyList<string> args)
    {
        string? configFile = null;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string flag = arg;
            string? value = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0) { flag = arg[..eq]; value = arg[(eq + 1)..]; }
            if (SwitchFlags.TryGetValue(flag, out var switchKey))
            {
                values[switchKey] = value ?? "true";
                continue;
            }
            if (flag != "--config" && !ValueFlags.ContainsKey(flag)) throw new UsageException($"unknown flag: {arg}");
            if (value is null)
            {
                if (i + 1 >= args.Count) throw new UsageException($"flag needs a value: {flag}");
                value = args[++i];
            }
            if (flag == "--config") configFile = value;
            else values[ValueFlags[flag]] = value;
        }
        return (configFile, values);
    }
}

internal sealed class UsageException(string message) : Exception(message);
