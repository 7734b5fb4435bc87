using Wharf.Distribution;
using Wharf.Distribution.Client;
using Wharf.Distribution.Server.Auth;
using Wharf.Images;
using Wharf.Images.Progress;

namespace Wharf.Registry.Tests;

/// <summary>wharfd's own image service (the registry client and copy engine it uses for docker pull/push) against this registry.</summary>
public sealed class WharfClientInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registry-client-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(LocalImageStore Store, LocalImage Image)> ImportBusyboxAsync(string reference)
    {
        var tar = Path.Combine(_dir, "rootfs.tar");
        if (!File.Exists(tar)) await File.WriteAllBytesAsync(tar, OciLayoutBuilder.BusyboxRootfsTar());
        var store = LocalImageStore.Open(Path.Combine(_dir, "store-" + Guid.NewGuid().ToString("N")));
        await using var input = File.OpenRead(tar);
        var image = await store.ImportAsync(input, reference, null, null, default);
        return (store, image);
    }

    [SkippableFact]
    public async Task WharfPushesAndPullsBackTheSameImage()
    {
        Skip.IfNot(Environment.UserName == "root", "the image store unpacks layers as root");
        await using var r = await TestRegistry.StartAsync();
        var reference = $"{r.HostPort}/wharf/busybox:v1";
        var (store, imported) = await ImportBusyboxAsync(reference);
        using (var service = new ImageService(store))
        {
            var pushed = new List<JsonMessage>();
            await service.PushAsync(reference, null, pushed.Add, default);
            Assert.Contains(pushed, m => m.Status?.StartsWith("v1: digest: sha256:") == true);
        }
        var fresh = LocalImageStore.Open(Path.Combine(_dir, "fresh"));
        using var puller = new ImageService(fresh);
        var pulled = await puller.PullAsync(reference, null, null, _ => { }, default);
        Assert.Equal(imported.Id, pulled.Id);
        var layer = fresh.Snapshots.LayerDir(pulled.ChainIds[0]);
        Assert.Equal(new FileInfo("/bin/busybox").Length, new FileInfo(Path.Combine(layer, "bin/busybox")).Length);
    }

    [SkippableFact]
    public async Task WharfLogsInAndPushesThroughTheTokenRealm()
    {
        Skip.IfNot(Environment.UserName == "root", "the image store unpacks layers as root");
        var users = Path.Combine(_dir, "htpasswd");
        await File.WriteAllTextAsync(users, $"alice:{BCrypt.Net.BCrypt.HashPassword("wonderland", 5)}\n");
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var key = TokenKey.FromPem(ec.ExportPkcs8PrivateKeyPem());
        await using var r = await TestRegistry.StartAsync(
            access: new TokenAccessController(key, null, "wharf-test", "wharf-test"),
            server: new Distribution.Server.Hosting.RegistryServerOptions { TokenIssuer = new TokenIssuer(key, "wharf-test", "wharf-test", HtpasswdFile.Load(users), TimeSpan.FromMinutes(5)) });
        var reference = $"{r.HostPort}/private/busybox:v1";
        var (store, _) = await ImportBusyboxAsync(reference);
        using var service = new ImageService(store);
        await Assert.ThrowsAsync<RegistryException>(() => service.PushAsync(reference, null, _ => { }, default));
        var auth = new RegistryAuth { Username = "alice", Password = "wonderland", ServerAddress = r.HostPort };
        Assert.Equal("Login Succeeded", await service.LoginAsync(auth, default));
        await service.PushAsync(reference, auth, _ => { }, default);
        var pulled = await new ImageService(LocalImageStore.Open(Path.Combine(_dir, "pull"))).PullAsync(reference, null, auth, _ => { }, default);
        Assert.NotEmpty(pulled.ChainIds);
    }
}
