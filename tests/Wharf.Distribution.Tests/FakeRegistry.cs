using System.IO.Compression;
using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Distribution.Tests;

/// <summary>A small registry plus token server on loopback (Kestrel) that misbehaves on purpose: Bearer tokens
/// with a 1-second life, a corrupted blob, a connection cut mid-blob (then, for "outage", 503 to every Range request
/// until the test ends the outage), 500/429 answers and a non-JSON manifest.</summary>
public sealed class FakeRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, byte[]> _blobs = [];
    private readonly Dictionary<string, DateTimeOffset> _issued = [];
    private int _tokenCount;
    public List<string> TokenScopes { get; } = [];
    public int TokenRequests => _tokenCount;
    public byte[] Manifest { get; }
    public Digest LayerDigest { get; }
    public long LayerSize { get; }
    public string Host { get; }
    public int CutConnections { get; private set; }
    /// <summary>While set, repository "outage" answers 503 to every Range request for the layer.</summary>
    public volatile bool Outage;
    /// <summary>The start offsets of the Range requests for the layer, in order (0 for a request without Range).</summary>
    public List<long> LayerRequestStarts { get; } = [];

    public FakeRegistry()
    {
        var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "data/") { Mode = (UnixFileMode)0b111_101_101 });
            var random = new byte[300_000];
            new Random(7).NextBytes(random);
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "data/blob.bin") { DataStream = new MemoryStream(random), Mode = (UnixFileMode)0b110_100_100 });
        }
        byte[] plain = tar.ToArray();
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(plain);
        byte[] layer = gz.ToArray();
        LayerDigest = Digest.Sha256(layer);
        LayerSize = layer.Length;
        var config = JsonSerializer.SerializeToUtf8Bytes(new ImageConfig { Rootfs = new RootFs { DiffIds = [Digest.Sha256(plain).ToString()] } }, OciJson.Default.ImageConfig);
        Manifest = JsonSerializer.SerializeToUtf8Bytes(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Sha256(config).ToString(), Size = config.Length },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = LayerDigest.ToString(), Size = layer.Length }],
        }, OciJson.Default.ImageManifest);
        _blobs[Digest.Sha256(config).ToString()] = config;
        _blobs[LayerDigest.ToString()] = layer;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: Kestrel keeps the port it is given, so a registry started by another test can't take it in between.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/token", Token);
        _app.Map("/v2/{**path}", Registry);
        _app.StartAsync().GetAwaiter().GetResult();
        Host = new Uri(_app.Urls.First()).Authority;
    }

    private IResult Token(HttpContext ctx)
    {
        lock (_issued)
        {
            _tokenCount++;
            TokenScopes.Add(ctx.Request.Query["scope"].ToString());
            string token = "tok-" + _tokenCount;
            _issued[token] = DateTimeOffset.UtcNow.AddSeconds(1);
            return Results.Json(new Dictionary<string, object> { ["token"] = token, ["expires_in"] = 1 });
        }
    }

    private bool Authorized(HttpContext ctx)
    {
        string header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        lock (_issued) return _issued.TryGetValue(header[7..], out var expires) && expires > DateTimeOffset.UtcNow;
    }

    private async Task Registry(HttpContext ctx, string path)
    {
        string repo = path.Split("/manifests/")[0].Split("/blobs/")[0];
        if (repo.StartsWith("err500", StringComparison.Ordinal)) { ctx.Response.StatusCode = 500; return; }
        if (repo.StartsWith("err429", StringComparison.Ordinal)) { ctx.Response.StatusCode = 429; ctx.Response.Headers.RetryAfter = "0"; return; }
        if (!Authorized(ctx))
        {
            ctx.Response.StatusCode = 401;
            ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{Host}/token\",service=\"fake\",scope=\"repository:{repo}:pull\"";
            await ctx.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "UNAUTHORIZED", message = "authentication required" } } });
            return;
        }
        if (path.Contains("/manifests/"))
        {
            ctx.Response.ContentType = MediaTypes.OciManifest;
            await ctx.Response.Body.WriteAsync(repo == "notjson" ? Encoding.ASCII.GetBytes("<html>not a manifest</html>") : Manifest);
            return;
        }
        string digest = path[(path.LastIndexOf('/') + 1)..];
        if (!_blobs.TryGetValue(digest, out var blob)) { ctx.Response.StatusCode = 404; return; }
        if (repo == "corrupt" && digest == LayerDigest.ToString())
        {
            blob = (byte[])blob.Clone();
            blob[blob.Length / 2] ^= 0xff;
        }
        long start = 0;
        if (ctx.Request.Headers.Range.ToString() is { Length: > 0 } range)
        {
            start = long.Parse(range["bytes=".Length..].TrimEnd('-'));
            ctx.Response.StatusCode = (int)HttpStatusCode.PartialContent;
            ctx.Response.Headers.ContentRange = $"bytes {start}-{blob.Length - 1}/{blob.Length}";
        }
        if (digest == LayerDigest.ToString()) lock (LayerRequestStarts) LayerRequestStarts.Add(start);
        if (repo == "outage" && digest == LayerDigest.ToString() && start > 0 && Outage)
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.Headers.Remove("Content-Range");
            return;
        }
        ctx.Response.ContentLength = blob.Length - start;
        if (repo is "flaky" or "outage" && start == 0 && digest == LayerDigest.ToString())
        {
            // Send half, then drop the connection: the client must resume with Range.
            await ctx.Response.Body.WriteAsync(blob.AsMemory(0, blob.Length / 2));
            await ctx.Response.Body.FlushAsync();
            CutConnections++;
            ctx.Abort();
            return;
        }
        if (repo == "slow")
        {
            // About 6 seconds per layer: long enough to kill a pull in the middle.
            for (int offset = (int)start; offset < blob.Length; offset += 5_000)
            {
                await ctx.Response.Body.WriteAsync(blob.AsMemory(offset, Math.Min(5_000, blob.Length - offset)));
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(100);
            }
            return;
        }
        await ctx.Response.Body.WriteAsync(blob.AsMemory((int)start));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
