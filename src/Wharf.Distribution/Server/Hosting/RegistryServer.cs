using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Distribution.Server.Auth;
using Wharf.Distribution.Server.Http;

namespace Wharf.Distribution.Server.Hosting;

/// <summary>How a registry listens: address, TLS, access log, shutdown grace, optional token issuer.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>host:port; port 0 picks a free port (tests).</summary>
    public string Address { get; init; } = "127.0.0.1:5000";
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }
    /// <summary>Where access log lines go; null turns the access log off.</summary>
    public TextWriter? AccessLog { get; init; }
    /// <summary>How long shutdown waits for requests in flight (an upload's PATCH) to finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Serves <c>/auth/token</c> when the registry issues its own bearer tokens.</summary>
    public TokenIssuer? TokenIssuer { get; init; }
    /// <summary>A blob sent with sendfile whose client acknowledges nothing for this long loses its connection (Kestrel's
    /// own minimum data rate does not see those bytes).</summary>
    public TimeSpan FileSendStallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A running registry on Kestrel. Stopping it lets requests in flight complete within the grace period.</summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AccessLog? _log;

    private RegistryServer(WebApplication app, AccessLog? log, Uri address)
    {
        _app = app;
        _log = log;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    private const int ResponseBufferSize = 4 << 20;

    public static async Task<RegistryServer> StartAsync(RegistryServices services, RegistryServerOptions options, CancellationToken ct = default)
    {
        var endpoint = ParseAddress(options.Address);
        X509Certificate2? certificate = options.TlsCertificate is { } cert
            ? X509Certificate2.CreateFromPemFile(cert, options.TlsKey ?? throw new ArgumentException("a TLS certificate needs its key (--tls-key)"))
            : null;

        var responsePool = new LargeBlockMemoryPool();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // blobs stream to storage, any size
            k.Limits.MinRequestBodyDataRate = null; // a slow client must not lose a half-sent layer
            // Room for a few 1 MiB blob reads in flight, so reading the next piece overlaps sending this one.
            k.Limits.MaxResponseBufferSize = ResponseBufferSize;
            // Room for the socket to keep receiving while an upload writes and hashes the previous megabyte.
            k.Limits.MaxRequestBufferSize = 4 << 20;
            k.Listen(endpoint, listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
                else listen.Use(FileSendingConnection.Middleware(responsePool, ResponseBufferSize, options.FileSendStallTimeout)); // sendfile needs the bytes unencrypted
            });
        });
        // After UseKestrel, which registers its own pool factory: the last registration is the one the socket transport gets.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();

        var app = builder.Build();
        var log = options.AccessLog is { } writer ? new AccessLog(writer) : null;
        if (log is not null) app.Use(log.Middleware);
        var handler = new RegistryRequestHandler(services);
        var issuer = options.TokenIssuer;
        app.Run(ctx => issuer is not null && ctx.Request.Path.Equals(TokenIssuer.Path, StringComparison.Ordinal)
            ? issuer.HandleAsync(ctx)
            : handler.HandleAsync(ctx));

        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RegistryServer(app, log, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    /// <summary>Stops accepting connections and waits for requests in flight, up to the shutdown timeout.</summary>
    public async Task StopAsync()
    {
        await _app.StopAsync();
        if (_log is not null) await _log.DisposeAsync();
    }

    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    public static IPEndPoint ParseAddress(string address)
    {
        int colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new ArgumentException($"invalid listen address \"{address}\": expected host:port");
        var host = address[..colon].Trim('[', ']');
        var ip = host switch
        {
            "" or "0.0.0.0" => IPAddress.Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : throw new ArgumentException($"invalid listen host \"{host}\": use an IP address"),
        };
        return new IPEndPoint(ip, port);
    }
}
