using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Wharf.Distribution.Server.Hosting;
using Wharf.Oci;

namespace Wharf.Registry.Tests;

/// <summary>
/// Blobs of 4 MiB and more go from the file to the socket with sendfile(2) on plain-HTTP listeners: the body
/// must arrive whole and in order after the headers, the response must say the connection ends with it, and
/// everything else (small blobs, HEAD, TLS) must keep the copying path and its keep-alive.
/// </summary>
public sealed class LargeBlobSendTests : IDisposable
{
    private const int Large = 6 << 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registry-sendfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task LargeBlobsArriveWholeAndTheClientReconnectsForTheNextRequest()
    {
        await using var r = await TestRegistry.StartAsync();
        var blobs = Enumerable.Range(0, 3).Select(_ => TestRegistry.RandomBytes(Large)).ToArray();
        var digests = new List<Digest>();
        foreach (var blob in blobs) digests.Add(await r.PushBlobAsync("app", blob));
        var small = TestRegistry.RandomBytes(100_000);
        var smallDigest = await r.PushBlobAsync("app", small);

        for (int i = 0; i < blobs.Length; i++)
        {
            using var get = await r.Client.GetAsync($"/v2/app/blobs/{digests[i]}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.True(get.Headers.ConnectionClose, "a file-sent body ends its connection, and says so");
            Assert.Equal(Large, get.Content.Headers.ContentLength);
            Assert.Equal(digests[i].ToString(), get.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Equal(blobs[i], await get.Content.ReadAsByteArrayAsync());

            // The same client goes on with a small request on a new connection, which stays open.
            using var next = await r.Client.GetAsync($"/v2/app/blobs/{smallDigest}");
            Assert.NotEqual(true, next.Headers.ConnectionClose);
            Assert.Equal(small, await next.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task HeadOfALargeBlobHasItsLengthAndKeepsTheConnection()
    {
        await using var r = await TestRegistry.StartAsync();
        var digest = await r.PushBlobAsync("app", TestRegistry.RandomBytes(Large));
        using var head = await r.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Large, head.Content.Headers.ContentLength);
        Assert.NotEqual(true, head.Headers.ConnectionClose);
    }

    [Fact]
    public async Task ARangeOfALargeBlobIsSentFromItsOffset()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(3 * Large);
        var digest = await r.PushBlobAsync("app", content);

        var middle = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{digest}");
        middle.Headers.Range = new RangeHeaderValue(1_234_567, 1_234_567 + Large - 1);
        using var partial = await r.Client.SendAsync(middle);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.True(partial.Headers.ConnectionClose);
        Assert.Equal($"bytes 1234567-{1_234_567 + Large - 1}/{content.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(content.AsSpan(1_234_567, Large).ToArray(), await partial.Content.ReadAsByteArrayAsync());

        var tail = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{digest}");
        tail.Headers.Range = new RangeHeaderValue(Large + 5, null);
        using var rest = await r.Client.SendAsync(tail);
        Assert.Equal(content[(Large + 5)..], await rest.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ConcurrentLargePullsAllArriveIntact()
    {
        await using var r = await TestRegistry.StartAsync();
        var blobs = Enumerable.Range(0, 2).Select(_ => TestRegistry.RandomBytes(Large + 12_345)).ToArray();
        var digests = new List<Digest>();
        foreach (var blob in blobs) digests.Add(await r.PushBlobAsync("app", blob));

        var pulls = Enumerable.Range(0, 8).Select(async i =>
        {
            var digest = digests[i % 2];
            var body = await r.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}");
            Assert.Equal(digest, Digest.Sha256(body));
        });
        await Task.WhenAll(pulls);
    }

    [Fact]
    public async Task AClientThatLeavesInTheMiddleOfABlobDoesNotStopTheServer()
    {
        await using var r = await TestRegistry.StartAsync();
        var content = TestRegistry.RandomBytes(64 << 20); // more than the socket buffers hold, so the send waits on the reader
        var digest = await r.PushBlobAsync("app", content);

        for (int i = 0; i < 3; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, r.Server.BaseAddress.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /v2/app/blobs/{digest} HTTP/1.1\r\nHost: {r.HostPort}\r\n\r\n"));
            var first = new byte[64 << 10];
            Assert.True(await socket.ReceiveAsync(first) > 0);
        } // closed with most of the body unsent

        using var get = await r.Client.GetAsync($"/v2/app/blobs/{digest}");
        Assert.Equal(digest, Digest.Sha256(await get.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>Kestrel's minimum response data rate does not see a sendfile: a client that stops reading must still
    /// lose its connection once it has acknowledged nothing for the stall timeout, and the server go on.</summary>
    [Fact]
    public async Task AClientThatStopsReadingLosesItsConnectionAfterTheStallTimeout()
    {
        await using var r = await TestRegistry.StartAsync(server: new RegistryServerOptions { FileSendStallTimeout = TimeSpan.FromSeconds(1) });
        var content = TestRegistry.RandomBytes(64 << 20); // more than the socket buffers hold
        var digest = await r.PushBlobAsync("app", content);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, r.Server.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /v2/app/blobs/{digest} HTTP/1.1\r\nHost: {r.HostPort}\r\n\r\n"));
        await Task.Delay(TimeSpan.FromSeconds(4)); // reads nothing: the buffers fill and the send stops

        long received = 0;
        var buffer = new byte[1 << 20];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token)) > 0) received += n;
        }
        catch (SocketException) { } // reset rather than closed: the same for the client
        Assert.True(received < content.Length, $"the stalled client still got all {received} bytes: nothing ended its connection");

        using var get = await r.Client.GetAsync($"/v2/app/blobs/{digest}");
        Assert.Equal(digest, Digest.Sha256(await get.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task OverTlsALargeBlobIsCopiedAndTheConnectionKept()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", ec, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "key.pem"), ec.ExportPkcs8PrivateKeyPem());

        await using var r = await TestRegistry.StartAsync(server: new RegistryServerOptions { TlsCertificate = Path.Combine(_dir, "cert.pem"), TlsKey = Path.Combine(_dir, "key.pem") });
        var content = TestRegistry.RandomBytes(Large);
        var digest = await r.PushBlobAsync("app", content);
        using var get = await r.Client.GetAsync($"/v2/app/blobs/{digest}");
        Assert.NotEqual(true, get.Headers.ConnectionClose);
        Assert.Equal(content, await get.Content.ReadAsByteArrayAsync());
    }
}
