using Wharf.Distribution.Client;
using Wharf.Images;
using Wharf.Images.Content;
using Wharf.Images.Copy;
using Wharf.Images.Progress;

namespace Wharf.Distribution.Tests;

/// <summary>The client against a registry that tests the token flow and misbehaves: each case must end in a clear
/// error with nothing unverified stored, or in a correct pull.</summary>
public sealed class HostileRegistryTests : IDisposable
{
    private readonly Scratch _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static bool IsRoot => Environment.UserName == "root";

    [SkippableFact]
    public async Task Token_flow_sends_scope_caches_the_token_and_renews_it_after_expiry()
    {
        Skip.IfNot(IsRoot, "layer unpacking runs as root (lchown)");
        await using var fake = new FakeRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        await service.PullAsync($"{fake.Host}/good/img:1", null, null, _ => { }, default);
        Assert.Equal("repository:good/img:pull", fake.TokenScopes[0]);
        int afterFirst = fake.TokenRequests;
        Assert.True(afterFirst <= 2, $"one pull should reuse its token, asked {afterFirst} times");

        await Task.Delay(1500); // the 1-second token has expired
        store.Remove($"{fake.Host}/good/img:1", false, false);
        await service.PullAsync($"{fake.Host}/good/img:1", null, null, _ => { }, default);
        Assert.True(fake.TokenRequests > afterFirst, "an expired token must be renewed");
    }

    [SkippableFact]
    public async Task Corrupted_layer_is_refused_and_nothing_is_stored()
    {
        Skip.IfNot(IsRoot, "layer unpacking runs as root (lchown)");
        await using var fake = new FakeRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => service.PullAsync($"{fake.Host}/corrupt:1", null, null, _ => { }, default));
        Assert.True(error is DigestMismatchException || error.Message.Contains("invalid") || error.Message.Contains("mismatch"), error.ToString());
        Assert.False(store.Content.Exists(fake.LayerDigest));
        Assert.Empty(store.Snapshots.ListLayers());
        Assert.Empty(store.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.DataRoot, "snapshots", "ingest")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.DataRoot, "content", "ingest")));
    }

    [SkippableFact]
    public async Task Cut_connection_mid_blob_is_resumed_with_range()
    {
        Skip.IfNot(IsRoot, "layer unpacking runs as root (lchown)");
        await using var fake = new FakeRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        var image = await service.PullAsync($"{fake.Host}/flaky:1", null, null, _ => { }, default);
        Assert.Equal(1, fake.CutConnections);
        Assert.True(store.Content.Exists(fake.LayerDigest));
        Assert.Equal(300_000, new FileInfo(Path.Combine(store.Snapshots.LayerDir(image.ChainIds[0]), "data/blob.bin")).Length);
    }

    [SkippableFact]
    public async Task Failed_pull_leaves_the_fetched_bytes_and_the_next_pull_resumes_them_with_range()
    {
        Skip.IfNot(IsRoot, "layer unpacking runs as root (lchown)");
        await using var fake = new FakeRegistry { Outage = true };
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var options = new RegistryOptions { MaxRetries = 1, MaxDownloadAttempts = 2, DownloadRetryDelay = TimeSpan.FromMilliseconds(50) };
        using var service = new ImageService(store, options);
        var messages = new List<JsonMessage>();
        var error = await Assert.ThrowsAnyAsync<IOException>(() => service.PullAsync($"{fake.Host}/outage:1", null, null, m => { lock (messages) messages.Add(m); }, default));
        Assert.Contains("503", error.Message);
        Assert.Contains(messages, m => m.Status?.StartsWith("Retrying in", StringComparison.Ordinal) == true);
        Assert.Empty(store.List());
        // The first attempt got part of the blob before the cut; every later request asked for the rest only.
        string ingest = Assert.Single(Directory.GetDirectories(Path.Combine(store.DataRoot, "content", "ingest")));
        long fetched = new FileInfo(Path.Combine(ingest, "data")).Length;
        Assert.InRange(fetched, 1, fake.LayerSize - 1);
        Assert.Equal(0, fake.LayerRequestStarts[0]);
        Assert.All(fake.LayerRequestStarts.Skip(1), start => Assert.Equal(fetched, start));

        fake.Outage = false;
        int before = fake.LayerRequestStarts.Count;
        var image = await service.PullAsync($"{fake.Host}/outage:1", null, null, _ => { }, default);
        Assert.Equal([fetched], fake.LayerRequestStarts.Skip(before));
        Assert.True(store.Content.Exists(fake.LayerDigest));
        Assert.Equal(300_000, new FileInfo(Path.Combine(store.Snapshots.LayerDir(image.ChainIds[0]), "data/blob.bin")).Length);
        Assert.Empty(Directory.GetDirectories(Path.Combine(store.DataRoot, "content", "ingest")));
    }

    [Theory]
    [InlineData("err500", "received unexpected HTTP status: 500")]
    [InlineData("err429", "toomanyrequests")]
    public async Task Failing_registry_gives_a_clear_error_after_retries(string repo, string expected)
    {
        await using var fake = new FakeRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store, new RegistryOptions { MaxRetries = 2 });
        var error = await Assert.ThrowsAsync<RegistryException>(() => service.PullAsync($"{fake.Host}/{repo}:1", null, null, _ => { }, default));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Manifest_that_is_not_json_is_refused()
    {
        await using var fake = new FakeRegistry();
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store);
        var error = await Assert.ThrowsAsync<UnsupportedMediaTypeException>(() => service.PullAsync($"{fake.Host}/notjson:1", null, null, _ => { }, default));
        Assert.Contains("not JSON", error.Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task A_tls_handshake_that_hangs_times_out_and_the_plain_http_endpoint_is_tried()
    {
        // Never answers a TLS hello; answers plain HTTP with 404s (after its own short wait, so no race).
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        int plainRequests = 0;
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        var serving = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var client = await server.AcceptTcpClientAsync();
                    held.Add(client);
                    _ = Task.Run(async () =>
                    {
                        var stream = client.GetStream();
                        var first = new byte[1];
                        if (await stream.ReadAsync(first) == 0 || first[0] == 0x16) return; // TLS: hang
                        Interlocked.Increment(ref plainRequests);
                        await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                        client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                    });
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException) { }
        });
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        using var service = new ImageService(store, new RegistryOptions { ConnectTimeout = TimeSpan.FromSeconds(1), MaxRetries = 0 });
        int port = ((System.Net.IPEndPoint)server.LocalEndpoint).Port;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => service.PullAsync($"127.0.0.1:{port}/x:1", null, null, _ => { }, default));
        Assert.False(error is OperationCanceledException, $"a timeout must not look like a cancellation: {error}");
        Assert.True(plainRequests > 0, $"the plain-HTTP endpoint was never tried: {error}");
        server.Stop();
        await serving;
        foreach (var c in held) c.Dispose();
    }

    [Fact]
    public void Auth_header_decodes_base64url_without_padding_and_rejects_garbage()
    {
        var auth = new RegistryAuth { Username = "u", Password = "p?>~", ServerAddress = "localhost:5000" };
        var decoded = RegistryAuth.Decode(auth.Encode())!;
        Assert.Equal(("u", "p?>~", "localhost:5000"), (decoded.Username, decoded.Password, decoded.ServerAddress));
        Assert.Null(RegistryAuth.Decode(""));
        Assert.Throws<FormatException>(() => RegistryAuth.Decode("!!!"));
    }

    [Fact]
    public void Challenge_parser_reads_quoted_parameters()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"")!;
        Assert.Equal(("Bearer", "https://auth.example/token", "registry.example", "repository:a/b:pull,push"), (c.Scheme, c.Realm, c.Service, c.Scope));
    }
}
