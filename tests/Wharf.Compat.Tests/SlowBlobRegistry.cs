using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Compat.Tests;

/// <summary>
/// A registry on 127.0.0.1 that serves one image, <c>slow:latest</c>, whose single layer (an uncompressed tar of
/// random bytes) trickles out slowly, and records when a client hangs up in the middle of that layer. Plain
/// HTTP/1.1, one request per connection.
/// </summary>
public sealed class SlowBlobRegistry : IDisposable
{
    private const int Chunk = 16 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _layer, _config, _manifest;
    private readonly string _layerDigest, _configDigest;
    private long _layerBytesSent;
    private readonly TaskCompletionSource<DateTime> _layerAbandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SlowBlobRegistry(int layerMegabytes, TimeSpan delayPerChunk)
    {
        DelayPerChunk = delayPerChunk;
        _layer = TarOfRandomFile(layerMegabytes << 20);
        _layerDigest = Digest(_layer);
        _config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["{{{_layerDigest}}}"]}}""");
        _configDigest = Digest(_config);
        _manifest = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":{{{_config.Length}}},"digest":"{{{_configDigest}}}"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar","size":{{{_layer.Length}}},"digest":"{{{_layerDigest}}}"}]}
            """);
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public TimeSpan DelayPerChunk { get; }
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
    public long LayerBytesSent => Interlocked.Read(ref _layerBytesSent);
    public long LayerSize => _layer.Length;

    /// <summary>Completes with the time a client closed its connection before the whole layer was sent.</summary>
    public Task<DateTime> LayerAbandoned => _layerAbandoned.Task;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        string? requestLine = await ReadRequestLineAsync(stream);
        if (requestLine is null)
        {
            // Not HTTP (the client's TLS probe comes first): a plain-HTTP server's 400, so the client falls back at once.
            try { await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"u8.ToArray()); }
            catch (IOException) { }
            return;
        }
        Requests.Enqueue(requestLine);
        var parts = requestLine.Split(' ');
        bool head = parts[0] == "HEAD";
        string path = parts[1];
        (byte[]? body, string type) = path switch
        {
            "/v2/" => ("{}"u8.ToArray(), "application/json"),
            _ when path.EndsWith("/manifests/latest") || path.EndsWith("/manifests/" + Digest(_manifest)) =>
                (_manifest, "application/vnd.docker.distribution.manifest.v2+json"),
            _ when path.EndsWith("/blobs/" + _configDigest) => (_config, "application/octet-stream"),
            _ when path.EndsWith("/blobs/" + _layerDigest) => (_layer, "application/octet-stream"),
            _ => (null, ""),
        };
        if (body is null)
        {
            await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            return;
        }
        var header = $"HTTP/1.1 200 OK\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nDocker-Content-Digest: {Digest(body)}\r\nConnection: close\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
            if (head) return;
            if (body != _layer) { await stream.WriteAsync(body); return; }
            for (int sent = 0; sent < body.Length; sent += Chunk)
            {
                await stream.WriteAsync(body.AsMemory(sent, Math.Min(Chunk, body.Length - sent)));
                Interlocked.Add(ref _layerBytesSent, Math.Min(Chunk, body.Length - sent));
                await Task.Delay(DelayPerChunk);
            }
        }
        catch (IOException) when (body == _layer)
        {
            _layerAbandoned.TrySetResult(DateTime.UtcNow);
        }
        catch (IOException) { }
    }

    /// <summary>The request line, after reading the whole head; null when the bytes are not an HTTP request.</summary>
    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16384)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            if (head.Count == 0 && one[0] is < (byte)'A' or > (byte)'Z') return null;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
                return Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")[0];
        }
        return null;
    }

    private static byte[] TarOfRandomFile(int size)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "random.bin") { DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(size)) });
        return tar.ToArray();
    }

    private static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
