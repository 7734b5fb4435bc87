using Wharf.Api.Client;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Config;

/// <summary>docker's global flags and the environment variables that stand in for them, resolved to an endpoint.</summary>
public sealed class GlobalOptions
{
    public static FlagSet Flags() => new FlagSet { Interspersed = false }
        .List("host", 'H', "Daemon socket to connect to")
        .Value("context", 'c', "Name of the context to use to connect to the daemon")
        .Value("config", null, "Location of client config files")
        .Bool("debug", 'D', "Enable debug mode")
        .Value("log-level", 'l', "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "info",
            v => v is "debug" or "info" or "warn" or "error" or "fatal" or "panic" or "trace" ? null : $"not a valid logrus Level: \"{v}\"")
        .Bool("tls", null, "Use TLS; implied by --tlsverify")
        .Bool("tlsverify", null, "Use TLS and verify the remote")
        .Value("tlscacert", null, "Trust certs signed only by this CA")
        .Value("tlscert", null, "Path to TLS certificate file")
        .Value("tlskey", null, "Path to TLS key file")
        .Bool("help", null, "Print usage")
        .Bool("version", 'v', "Print version information and quit");

    public required ParsedFlags Parsed { get; init; }

    public bool Debug => Parsed.GetBool("debug") || Parsed.Get("log-level") == "debug";

    public string ConfigDirectory => CliConfigFile.DefaultDirectory(Parsed.Get("config"));

    /// <summary>Picks the endpoint like docker: -H, else $DOCKER_HOST, else the named/current context, else the default socket.</summary>
    public EngineEndpoint ResolveEndpoint(CliConfigFile config)
    {
        var hosts = Parsed.GetList("host");
        if (hosts.Count > 1) throw new FlagException("Specify only one -H");
        var contextName = Parsed.Get("context");
        if (hosts.Count == 1 && contextName != null)
            throw new FlagException("conflicting options: cannot specify both --host and --context");

        string? host = hosts.Count == 1 ? hosts[0] : null;
        TlsSettings? tls = FlagTls();
        if (host == null && contextName == null && Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } envHost)
            host = envHost;
        if (host == null)
        {
            contextName ??= Environment.GetEnvironmentVariable("DOCKER_CONTEXT") is { Length: > 0 } ec ? ec : config.CurrentContext;
            if (contextName != null && contextName != "default")
            {
                var ctx = new ContextStore(config.Directory).Find(contextName)
                    ?? throw new InvalidOperationException($"context \"{contextName}\" does not exist");
                host = ctx.Host;
                if (ctx.TlsDirectory != null)
                    tls = new TlsSettings
                    {
                        CaFile = Path.Combine(ctx.TlsDirectory, "ca.pem"), CertFile = Path.Combine(ctx.TlsDirectory, "cert.pem"),
                        KeyFile = Path.Combine(ctx.TlsDirectory, "key.pem"), Verify = !ctx.SkipTlsVerify,
                    };
            }
        }
        return EngineEndpoint.Parse(host ?? EngineEndpoint.DefaultHost, tls);
    }

    private TlsSettings? FlagTls()
    {
        var verify = Parsed.GetBool("tlsverify") ||
                     (!Parsed.Changed("tlsverify") && Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 });
        if (!verify && !Parsed.GetBool("tls")) return null;
        var certDir = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH") is { Length: > 0 } cp ? cp : ConfigDirectory;
        return new TlsSettings
        {
            CaFile = Parsed.Get("tlscacert") ?? Path.Combine(certDir, "ca.pem"),
            CertFile = Parsed.Get("tlscert") ?? Path.Combine(certDir, "cert.pem"),
            KeyFile = Parsed.Get("tlskey") ?? Path.Combine(certDir, "key.pem"),
            Verify = verify,
        };
    }
}
