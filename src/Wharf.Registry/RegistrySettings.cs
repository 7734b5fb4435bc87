using Microsoft.Extensions.Configuration;

namespace Wharf.Registry;

/// <summary>The registry's settings, read from configuration keys (file, then flags).</summary>
internal sealed record RegistrySettings
{
    public string Address { get; init; } = "127.0.0.1:5000";
    public string StorageDriver { get; init; } = "filesystem";
    public string Root { get; init; } = "/var/lib/wharf/registry";
    public bool ReadOnly { get; init; }
    public bool DirectWrites { get; init; }
    public string? Htpasswd { get; init; }
    public string HtpasswdRealm { get; init; } = "wharf-registry";
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }
    public string? TokenKey { get; init; }
    public string? TokenSigningKey { get; init; }
    public string? TokenRealm { get; init; }
    public string TokenService { get; init; } = "wharf-registry";
    public string? TokenIssuer { get; init; }
    public string AccessLog { get; init; } = "-";
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxManifestBytes { get; init; } = 4 << 20;
    public bool DryRun { get; init; }
    public bool DeleteUntagged { get; init; }
    public TimeSpan UploadMaxAge { get; init; } = TimeSpan.FromDays(1);

    public static IConfiguration Build(IReadOnlyList<string> args)
    {
        var (file, values) = CommandLine.Parse(args);
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!File.Exists(file)) throw new UsageException($"config file not found: {file}");
            var full = Path.GetFullPath(file);
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) builder.AddJsonFile(full, optional: false);
            else builder.AddYamlFile(full, optional: false);
        }
        builder.AddInMemoryCollection(values);
        return builder.Build();
    }

    public static RegistrySettings From(IConfiguration c)
    {
        var d = new RegistrySettings();
        bool accessLogDisabled = Bool(c["log:accesslog:disabled"], false);
        var settings = new RegistrySettings
        {
            Address = c["http:addr"] ?? d.Address,
            StorageDriver = c["storage:driver"] ?? (c.GetSection("storage:inmemory").Exists() ? "inmemory" : d.StorageDriver),
            Root = c["storage:filesystem:rootdirectory"] ?? d.Root,
            ReadOnly = Bool(c["storage:maintenance:readonly:enabled"], false),
            DirectWrites = Bool(c["storage:filesystem:directwrites"], false),
            Htpasswd = c["auth:htpasswd:path"],
            HtpasswdRealm = c["auth:htpasswd:realm"] ?? d.HtpasswdRealm,
            TlsCertificate = c["http:tls:certificate"],
            TlsKey = c["http:tls:key"],
            TokenKey = c["auth:token:rootcertbundle"],
            TokenSigningKey = c["auth:token:signingkey"],
            TokenRealm = c["auth:token:realm"],
            TokenService = c["auth:token:service"] ?? d.TokenService,
            TokenIssuer = c["auth:token:issuer"],
            AccessLog = accessLogDisabled ? "off" : c["log:accesslog:path"] ?? d.AccessLog,
            ShutdownTimeout = Duration(c["http:draintimeout"], d.ShutdownTimeout),
            MaxManifestBytes = c["http:maxmanifestbytes"] is { } m ? int.Parse(m) : d.MaxManifestBytes,
            DryRun = Bool(c["gc:dryrun"], false),
            DeleteUntagged = Bool(c["gc:deleteuntagged"], false),
            UploadMaxAge = Duration(c["gc:uploadmaxage"], d.UploadMaxAge),
        };
        if (settings.StorageDriver is not ("filesystem" or "inmemory")) throw new UsageException($"unknown storage driver \"{settings.StorageDriver}\": use filesystem or inmemory");
        if ((settings.TlsCertificate is null) != (settings.TlsKey is null)) throw new UsageException("TLS needs both a certificate and a key");
        if (settings.TokenKey is not null && settings.TokenRealm is null && settings.TokenSigningKey is null)
            throw new UsageException("token auth with an external key needs a realm (auth.token.realm / --token-realm)");
        return settings;
    }

    private static bool Bool(string? text, bool fallback) => text is null ? fallback : text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new UsageException($"not a boolean: {text}"),
    };

    /// <summary>"30s", "5m", "2h", "1d" or plain seconds.</summary>
    private static TimeSpan Duration(string? text, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        text = text.Trim();
        char unit = text[^1];
        var number = char.IsDigit(unit) ? text : text[..^1];
        if (!double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 0) throw new UsageException($"not a duration: {text}");
        return unit switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            's' or (>= '0' and <= '9') => TimeSpan.FromSeconds(n),
            _ => throw new UsageException($"not a duration: {text}"),
        };
    }
}
