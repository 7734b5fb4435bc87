using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Daemon.Http;

/// <summary>A small HTTP/1.1 server over accepted sockets. Owning the protocol lets attach and exec start hijack the
/// connection even when the request has a body (which Kestrel refuses to upgrade), and keeps the daemon small.</summary>
public sealed class HttpServer(Func<HttpRequest, HttpResponse, Task> handler, Action<string> log)
{
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Accepts on a listening socket; with <paramref name="tls"/>, each connection is wrapped in TLS first.</summary>
    public void Serve(Socket listener, SslServerAuthenticationOptions? tls)
    {
        lock (_listeners) _listeners.Add(listener);
        _ = Task.Run(() => AcceptLoopAsync(listener, tls));
    }

    private async Task AcceptLoopAsync(Socket listener, SslServerAuthenticationOptions? tls)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { log($"accept: {e.Message}"); continue; }
            _ = Task.Run(() => ServeConnectionAsync(client, tls));
        }
    }

    private async Task ServeConnectionAsync(Socket socket, SslServerAuthenticationOptions? tls)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try { await ssl.AuthenticateAsServerAsync(tls, _stop.Token); }
            catch (Exception e) { log($"tls handshake: {e.Message}"); await ssl.DisposeAsync(); socket.Dispose(); return; }
            stream = ssl;
        }
        await using var conn = new BufferedConnection(stream, socket);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(conn, _stop.Token);
                if (request is null) return;
                var response = new HttpResponse(conn, request.Method == "HEAD");
                if (string.Equals(request.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase)) response.KeepAlive = false;
                await handler(request, response);
                if (response.Hijacked || !response.KeepAlive) return;
                await request.Body.DrainAsync(_stop.Token);
            }
        }
        catch (MalformedRequestException e)
        {
            try { await conn.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: {e.Message.Length}\r\n\r\n{e.Message}")); }
            catch (IOException) { }
        }
        catch (IOException) { }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    private static async Task<HttpRequest?> ReadRequestAsync(BufferedConnection conn, CancellationToken ct)
    {
        string? line;
        do { line = await conn.ReadLineAsync(ct); if (line is null) return null; } while (line.Length == 0);
        var parts = line.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) throw new MalformedRequestException($"malformed request line \"{line}\"");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var h = await conn.ReadLineAsync(ct) ?? throw new IOException("connection closed in headers");
            if (h.Length == 0) break;
            int colon = h.IndexOf(':');
            if (colon <= 0) throw new MalformedRequestException($"malformed header \"{h}\"");
            string name = h[..colon].Trim(), value = h[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var prev) ? prev + ", " + value : value;
            if (headers.Count > 200) throw new MalformedRequestException("too many headers");
        }
        string target = parts[1];
        int q = target.IndexOf('?');
        string path = Uri.UnescapeDataString(q < 0 ? target : target[..q]);
        bool chunked = headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        long? length = headers.TryGetValue("Content-Length", out var cl) ? long.TryParse(cl, out var n) && n >= 0 ? n : throw new MalformedRequestException("bad Content-Length") : null;
        return new HttpRequest
        {
            Method = parts[0],
            Path = path,
            Query = QueryString.Parse(q < 0 ? "" : target[(q + 1)..]),
            Headers = headers,
            Body = new RequestBodyStream(conn, length, chunked),
            Connection = conn,
        };
    }

    public void Stop()
    {
        _stop.Cancel();
        lock (_listeners) foreach (var l in _listeners) l.Dispose();
    }

    /// <summary>TLS options for <c>--tlsverify</c>: our certificate, and client certificates must chain to the CA.</summary>
    public static SslServerAuthenticationOptions MutualTls(string certPath, string keyPath, string caPath)
    {
        var cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        cert = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPemFile(caPath);
        return new SslServerAuthenticationOptions
        {
            ServerCertificate = cert,
            ClientCertificateRequired = true,
            RemoteCertificateValidationCallback = (_, clientCert, _, _) =>
            {
                if (clientCert is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(clientCert.GetRawCertData()));
            },
        };
    }
}
