using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Api.Client.Http;

/// <summary>One open connection to the daemon: a socket and the stream over it (plain or TLS).</summary>
public sealed class EngineConnection : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly SslStream? _tls;

    public Stream Stream { get; }

    private EngineConnection(Socket socket, Stream stream, SslStream? tls)
    {
        _socket = socket;
        Stream = stream;
        _tls = tls;
    }

    public static async Task<EngineConnection> OpenAsync(EngineEndpoint endpoint, CancellationToken ct)
    {
        Socket socket;
        try
        {
            if (endpoint.UnixPath != null)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.UnixPath), ct).ConfigureAwait(false);
            }
            else
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endpoint.TcpHost!, endpoint.TcpPort, ct).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            throw new EngineConnectionException(endpoint.Host, e);
        }

        var network = new NetworkStream(socket, ownsSocket: false);
        if (endpoint.Tls == null) return new EngineConnection(socket, network, null);

        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(TlsOptions(endpoint), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            socket.Dispose();
            throw new EngineConnectionException(endpoint.Host, e);
        }
        return new EngineConnection(socket, tls, tls);
    }

    private static SslClientAuthenticationOptions TlsOptions(EngineEndpoint endpoint)
    {
        var settings = endpoint.Tls!;
        var options = new SslClientAuthenticationOptions { TargetHost = endpoint.TcpHost };
        if (settings.CertFile != null && settings.KeyFile != null && File.Exists(settings.CertFile))
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(settings.CertFile, settings.KeyFile)];

        X509Certificate2Collection? roots = null;
        if (settings.CaFile != null && File.Exists(settings.CaFile))
        {
            roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(settings.CaFile);
        }
        options.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
        {
            if (!settings.Verify) return true; // docker's --tls without --tlsverify: encrypt, trust anything
            if (cert == null) return false;
            if (roots == null) return errors == SslPolicyErrors.None;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var ok = chain.Build(new X509Certificate2(cert));
            return ok && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        };
        return options;
    }

    /// <summary>Half-closes: tells the daemon no more bytes come (stdin ended) while still reading its output.</summary>
    public async Task CloseWriteAsync()
    {
        if (_tls != null)
        {
            try { await _tls.ShutdownAsync().ConfigureAwait(false); } catch (IOException) { }
        }
        try { _socket.Shutdown(SocketShutdown.Send); } catch (SocketException) { } catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        Stream.Dispose();
        _socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
