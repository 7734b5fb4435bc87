using System.Text;
using Wharf.Api.Client;
using Wharf.Cli.Config;

namespace Wharf.Cli.Commands;

/// <summary>What a command runs with: global options, the config file, the daemon client (negotiated once), and stdio.</summary>
public sealed class CliSession(GlobalOptions options, TextWriter output, TextWriter error, Stream stdin, Stream stdout, Stream stderr)
{
    private EngineClient? _client;
    private CliConfigFile? _config;

    public const string ProgramName = "wharf";

    public GlobalOptions Options { get; } = options;
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public Stream StdinStream { get; } = stdin;
    public Stream StdoutStream { get; } = stdout;
    public Stream StderrStream { get; } = stderr;

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public CliConfigFile Config => _config ??= CliConfigFile.Load(Options.ConfigDirectory);

    /// <summary>The client, after the HEAD /_ping negotiation docker does before every command.</summary>
    public async Task<EngineClient> ClientAsync()
    {
        if (_client != null) return _client;
        var endpoint = Options.ResolveEndpoint(Config);
        var pinned = Environment.GetEnvironmentVariable("DOCKER_API_VERSION");
        var client = new EngineClient(endpoint, pinned);
        await client.NegotiateAsync().ConfigureAwait(false);
        if (Options.Debug) Err.WriteLine($"DEBUG: connected to {endpoint.Host}, API version {client.ApiVersion}");
        return _client = client;
    }

    public static TextWriter Writer(Stream s, bool autoFlush) =>
        new StreamWriter(s, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { AutoFlush = autoFlush, NewLine = "\n" };
}
