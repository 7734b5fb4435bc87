using System.Net;
using System.Text.Json;
using Wharf.Oci;

namespace Wharf.Registry.Tests;

/// <summary>The <c>wharf-registry</c> program: config file plus flags, access log, graceful shutdown, gc command.</summary>
public sealed class RegistryBinaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registry-bin-").FullName;
    private const string NotBuilt = "wharf-registry is not built (run ./build.sh or set WHARF_BIN)";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HttpClient ClientFor(RegistryProcess p) => new() { BaseAddress = p.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    [SkippableFact]
    public async Task YamlConfigInDistributionShapeIsReadAndFlagsOverrideIt()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var root = Path.Combine(_dir, "from-yaml");
        var config = Path.Combine(_dir, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            http:
              addr: 127.0.0.1:1   # overridden by --addr below
            storage:
              filesystem:
                rootdirectory: {root}
              maintenance:
                readonly:
                  enabled: true
            log:
              accesslog:
                disabled: true
            """);
        await using (var p = await RegistryProcess.StartAsync("--config", config, "--addr", "127.0.0.1:0"))
        {
            using var c = ClientFor(p);
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/v2/")).StatusCode);
            await TestRegistry.AssertErrorAsync(await c.PostAsync("/v2/app/blobs/uploads/", null), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        }
        await using (var p = await RegistryProcess.StartAsync("--config", config, "--addr", "127.0.0.1:0", "--read-only=false"))
        {
            using var c = ClientFor(p);
            Assert.Equal(HttpStatusCode.Accepted, (await c.PostAsync("/v2/app/blobs/uploads/", null)).StatusCode);
        }
        Assert.True(Directory.Exists(Path.Combine(root, "repositories", "app", "_uploads")));
    }

    [SkippableFact]
    public async Task JsonConfigWorksAndBadInputGetsAClearError()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, $$"""{"http":{"addr":"127.0.0.1:0"},"storage":{"filesystem":{"rootdirectory":"{{_dir}}/json-root"} } }""");
        await using (var p = await RegistryProcess.StartAsync("--config", config))
        {
            using var c = ClientFor(p);
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/v2/")).StatusCode);
        }
        var unknown = await ExternalTool.RunAsync(RegistryProcess.BinaryPath, ["serve", "--bogus"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown flag: --bogus", unknown.Stderr);
        var halfTls = await ExternalTool.RunAsync(RegistryProcess.BinaryPath, ["serve", "--tls-cert", "/nonexistent.pem"]);
        Assert.Equal(2, halfTls.ExitCode);
        Assert.Contains("TLS needs both a certificate and a key", halfTls.Stderr);
    }

    [SkippableFact]
    public async Task AccessLogWritesOneJsonObjectPerRequest()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var log = Path.Combine(_dir, "access.log");
        await using (var p = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", Path.Combine(_dir, "root"), "--access-log", log))
        {
            using var c = ClientFor(p);
            await c.GetAsync("/v2/");
            await c.GetAsync("/v2/app/manifests/missing");
        }
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("/v2/app/manifests/missing", lines[1].GetProperty("path").GetString());
        Assert.Equal(404, lines[1].GetProperty("status").GetInt32());
        Assert.Equal("GET", lines[1].GetProperty("method").GetString());
        Assert.True(lines[1].GetProperty("duration_ms").GetDouble() >= 0);
        Assert.EndsWith("Z", lines[0].GetProperty("time").GetString()!.Replace("+00:00", "Z"));
    }

    /// <summary>A body that sends its first half, then waits for a signal before sending the rest.</summary>
    private sealed class TwoPartContent(byte[] data, TaskCompletionSource firstHalfSent, Task sendRest) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(data.AsMemory(0, data.Length / 2));
            await stream.FlushAsync();
            firstHalfSent.SetResult();
            await sendRest;
            await stream.WriteAsync(data.AsMemory(data.Length / 2));
        }

        protected override bool TryComputeLength(out long length) { length = data.Length; return true; }
    }

    [SkippableFact]
    public async Task SigtermLetsAnUploadInFlightFinishThenExits()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var root = Path.Combine(_dir, "root");
        await using var p = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", root, "--access-log", "off", "--shutdown-timeout", "20s");
        using var c = ClientFor(p);
        var location = (await c.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        var content = TestRegistry.RandomBytes(4 << 20);
        var firstHalf = new TaskCompletionSource();
        var rest = new TaskCompletionSource();
        var patch = c.PatchAsync(location, new TwoPartContent(content, firstHalf, rest.Task));
        await firstHalf.Task;
        await Task.Delay(200);
        p.Terminate();
        await Task.Delay(500); // shutdown has begun while the body is half sent
        rest.SetResult();
        var response = await patch;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"0-{content.Length - 1}", response.Headers.GetValues("Range").Single());
        var (exit, stderr) = await p.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        Assert.Contains("shutting down", stderr);

        // The finished chunk is on disk: a restarted registry completes the upload.
        await using var again = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", root, "--access-log", "off");
        using var c2 = ClientFor(again);
        var digest = Digest.Sha256(content);
        Assert.Equal(HttpStatusCode.Created, (await c2.PutAsync(TestRegistry.WithQuery(location, $"digest={digest}"), null)).StatusCode);
        Assert.Equal(content, await c2.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
    }

    [SkippableFact]
    public async Task FlagsTurnOnTlsHtpasswdAndTheBuiltInTokenRealmForSkopeo()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var skopeo = ExternalTool.Find("skopeo");
        Skip.If(skopeo is null, "skopeo is not installed");
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", ec, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "tls-key.pem"), ec.ExportPkcs8PrivateKeyPem());
        using var signer = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, "token-key.pem"), signer.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_dir, "htpasswd"), $"alice:{BCrypt.Net.BCrypt.HashPassword("wonderland", 5)}\n");

        await using var p = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", Path.Combine(_dir, "root"), "--access-log", "off",
            "--tls-cert", Path.Combine(_dir, "cert.pem"), "--tls-key", Path.Combine(_dir, "tls-key.pem"),
            "--htpasswd", Path.Combine(_dir, "htpasswd"), "--token-signing-key", Path.Combine(_dir, "token-key.pem"), "--token-service", "bin-test");
        Assert.Equal("https", p.BaseAddress.Scheme);
        var layout = new OciLayoutBuilder(Path.Combine(_dir, "img"));
        layout.Tag(layout.AddImage([OciLayoutBuilder.TarOf("a.txt", "a\n"), OciLayoutBuilder.TarOf("b.txt", "b\n")], "amd64"), "v1");
        var remote = $"docker://{p.BaseAddress.Host}:{p.BaseAddress.Port}/secure/app:v1";

        var anonymous = await ExternalTool.RunAsync(skopeo!, ["copy", "--dest-tls-verify=false", $"oci:{_dir}/img:v1", remote]);
        Assert.NotEqual(0, anonymous.ExitCode);
        await ExternalTool.RunCheckedAsync(skopeo!, "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland", $"oci:{_dir}/img:v1", remote);
        var tags = await ExternalTool.RunCheckedAsync(skopeo!, "list-tags", "--tls-verify=false", "--creds", "alice:wonderland", remote[..remote.LastIndexOf(':')]);
        Assert.Contains("v1", tags);
    }

    [SkippableFact]
    public async Task AnUploadSurvivesAKillDashNineAndCompletesAfterRestart()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var root = Path.Combine(_dir, "root");
        var content = TestRegistry.RandomBytes(3 << 20);
        string location;
        await using (var p = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", root, "--access-log", "off"))
        {
            using var c = ClientFor(p);
            location = (await c.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
            var chunk = new ByteArrayContent(content, 0, 2 << 20);
            chunk.Headers.TryAddWithoutValidation("Content-Range", $"0-{(2 << 20) - 1}");
            Assert.Equal(HttpStatusCode.Accepted, (await c.PatchAsync(location, chunk)).StatusCode);
            p.Crash();
        }
        await using var again = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", root, "--access-log", "off");
        using var c2 = ClientFor(again);
        Assert.Equal($"0-{(2 << 20) - 1}", (await c2.GetAsync(location)).Headers.GetValues("Range").Single());
        var rest = new ByteArrayContent(content, 2 << 20, 1 << 20);
        rest.Headers.TryAddWithoutValidation("Content-Range", $"{2 << 20}-{(3 << 20) - 1}");
        Assert.Equal(HttpStatusCode.Accepted, (await c2.PatchAsync(location, rest)).StatusCode);
        var digest = Digest.Sha256(content);
        Assert.Equal(HttpStatusCode.Created, (await c2.PutAsync(TestRegistry.WithQuery(location, $"digest={digest}"), null)).StatusCode);
        Assert.Equal(content, await c2.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
    }

    [SkippableFact]
    public async Task TemporariesACrashLeftAreSweptAtStart()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var root = Path.Combine(_dir, "root");
        var tags = Path.Combine(root, "repositories", "app", "_manifests", "tags");
        Directory.CreateDirectory(tags);
        var stale = Path.Combine(tags, ".tmp-0a1b2c3d-5f0e");
        File.WriteAllText(stale, "half a link");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - TimeSpan.FromHours(1));
        await using var p = await RegistryProcess.StartAsync("--addr", "127.0.0.1:0", "--root", root, "--access-log", "off");
        // The sweep runs in the background once serving: poll, with room for a loaded machine.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (File.Exists(stale) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(File.Exists(stale), "the stale temporary file is still there after 60 s");
        Assert.True(Directory.Exists(tags));
    }

    [SkippableFact]
    public async Task GcCommandDryRunReportsAndRealRunDeletes()
    {
        Skip.IfNot(RegistryProcess.Available, NotBuilt);
        var root = Path.Combine(_dir, "root");
        Digest orphan;
        await using (var r = await TestRegistry.StartAsync(root))
        {
            await r.PushImageAsync("app", "v1");
            orphan = await r.PushBlobAsync("app", TestRegistry.RandomBytes(777));
        }
        var data = Path.Combine(root, "blobs", "sha256", orphan.Hex[..2], orphan.Hex, "data");
        var dry = await ExternalTool.RunCheckedAsync(RegistryProcess.BinaryPath, "gc", "--root", root, "--dry-run");
        Assert.Contains($"blob {orphan} would be deleted", dry);
        Assert.Contains("1 blobs eligible for deletion (777 bytes)", dry);
        Assert.True(File.Exists(data));
        var real = await ExternalTool.RunCheckedAsync(RegistryProcess.BinaryPath, "gc", "--root", root);
        Assert.Contains($"blob {orphan} deleted", real);
        Assert.False(File.Exists(data));
    }
}
