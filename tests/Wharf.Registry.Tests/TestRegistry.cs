using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Wharf.Distribution.Server.Auth;
using Wharf.Distribution.Server.Hosting;
using Wharf.Distribution.Server.Http;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>
/// A real registry on 127.0.0.1 (free port) over a temp directory, with a client and helpers to push
/// blobs and manifests. Disposing stops the server and removes the directory.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private readonly bool _ownsRoot;

    private TestRegistry(RegistryServer server, string root, bool ownsRoot, RegistryServices services, HttpClient client)
    {
        Server = server;
        Root = root;
        _ownsRoot = ownsRoot;
        Services = services;
        Client = client;
    }

    public RegistryServer Server { get; }
    public string Root { get; }
    public RegistryServices Services { get; }
    public HttpClient Client { get; }
    public string HostPort => $"{Server.BaseAddress.Host}:{Server.BaseAddress.Port}";

    public static async Task<TestRegistry> StartAsync(
        string? root = null, IAccessController? access = null, RegistryOptions? options = null,
        RegistryServerOptions? server = null, IRegistryStorage? storage = null)
    {
        bool owns = root is null;
        root ??= Directory.CreateTempSubdirectory("wharf-registry-test-").FullName;
        var services = new RegistryServices(storage ?? new FileSystemStorage(root), access ?? new OpenAccess(), options ?? new RegistryOptions());
        var running = await RegistryServer.StartAsync(services, (server ?? new RegistryServerOptions()) with { Address = "127.0.0.1:0" });
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = running.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        return new TestRegistry(running, root, owns, services, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        if (_ownsRoot && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>Pushes a blob with POST then PUT (monolithic); returns its digest.</summary>
    public async Task<Digest> PushBlobAsync(string repo, byte[] content)
    {
        var digest = Digest.Sha256(content);
        var start = await Client.PostAsync($"/v2/{repo}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        var put = await Client.PutAsync(WithQuery(location, "digest=" + digest), new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return digest;
    }

    /// <summary>Pushes config and layers, then an image manifest under <paramref name="reference"/>; returns the manifest's digest and bytes.</summary>
    public async Task<(Digest Digest, byte[] Bytes)> PushImageAsync(string repo, string reference, int layers = 2, string mediaType = MediaTypes.OciManifest, Descriptor? subject = null, string? artifactType = null)
    {
        var manifest = await ImageManifestAsync(repo, layers, mediaType, subject, artifactType);
        var response = await PutManifestAsync(repo, reference, manifest, mediaType);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Digest.Sha256(manifest), manifest);
    }

    public async Task<byte[]> ImageManifestAsync(string repo, int layers, string mediaType = MediaTypes.OciManifest, Descriptor? subject = null, string? artifactType = null)
    {
        bool docker = mediaType == MediaTypes.DockerManifest;
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"nonce":"{{Guid.NewGuid()}}"}""");
        var configDigest = await PushBlobAsync(repo, config);
        var manifest = new ImageManifest
        {
            MediaType = mediaType,
            ArtifactType = artifactType,
            Subject = subject,
            Config = new Descriptor { MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, Digest = configDigest.ToString(), Size = config.Length },
        };
        for (int i = 0; i < layers; i++)
        {
            var layer = RandomBytes(1000 + i);
            var d = await PushBlobAsync(repo, layer);
            manifest.Layers.Add(new Descriptor { MediaType = docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip, Digest = d.ToString(), Size = layer.Length });
        }
        return JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Default.ImageManifest);
    }

    public Task<HttpResponseMessage> PutManifestAsync(string repo, string reference, byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Client.PutAsync($"/v2/{repo}/manifests/{reference}", content);
    }

    public static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        Random.Shared.NextBytes(b);
        return b;
    }

    public static string WithQuery(string location, string query) => location + (location.Contains('?') ? "&" : "?") + query;

    /// <summary>The first error code of a spec error body.</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = doc.RootElement.GetProperty("errors")[0];
        Assert.True(error.TryGetProperty("message", out _));
        return error.GetProperty("code").GetString()!;
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(response));
    }
}
