using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Image;

namespace Wharf.Registry.Tests;

/// <summary>skopeo (containers/image) as a real client: copies in both directions, oci: and docker:// transports.</summary>
public sealed class SkopeoInteropTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("wharf-skopeo-").FullName;
    private static readonly string? Skopeo = ExternalTool.Find("skopeo");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private (OciLayoutBuilder Layout, Descriptor Image) MultiLayerImage(string dir, string tag)
    {
        var layout = new OciLayoutBuilder(Path.Combine(_work, dir));
        var image = layout.AddImage([OciLayoutBuilder.BusyboxRootfsTar(), OciLayoutBuilder.TarOf("etc/motd", "layer two\n"), OciLayoutBuilder.TarOf("app/hello.txt", "layer three\n")], "amd64");
        layout.Tag(image, tag);
        return (layout, image);
    }

    [SkippableFact]
    public async Task MultiLayerImageCopiesInAndOutByteExact()
    {
        Skip.If(Skopeo is null, "skopeo is not installed");
        await using var r = await TestRegistry.StartAsync();
        var (layout, image) = MultiLayerImage("src", "v1");
        var remote = $"docker://{r.HostPort}/interop/busybox:v1";

        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--dest-tls-verify=false", $"oci:{_work}/src:v1", remote);
        var raw = await ExternalTool.RunCheckedAsync(Skopeo!, "inspect", "--raw", "--tls-verify=false", remote);
        Assert.Equal(image.Digest, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(raw)).ToString());

        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--src-tls-verify=false", remote, $"oci:{_work}/back:v1");
        var back = new OciLayoutBuilder(Path.Combine(_work, "back"));
        var manifest = JsonSerializer.Deserialize(back.ReadBlob(image.Digest), OciJson.Default.ImageManifest)!;
        Assert.Equal(3, manifest.Layers.Count);
        foreach (var layer in manifest.Layers.Append(manifest.Config))
            Assert.Equal(layout.ReadBlob(layer.Digest), back.ReadBlob(layer.Digest));
    }

    [SkippableFact]
    public async Task RegistryToRegistryCopyUsesCrossRepositoryMountAndKeepsTheDigest()
    {
        Skip.If(Skopeo is null, "skopeo is not installed");
        await using var r = await TestRegistry.StartAsync();
        var (_, image) = MultiLayerImage("src", "v1");
        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--dest-tls-verify=false", $"oci:{_work}/src:v1", $"docker://{r.HostPort}/one/app:v1");
        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{r.HostPort}/one/app:v1", $"docker://{r.HostPort}/two/app:copied");
        var raw = await ExternalTool.RunCheckedAsync(Skopeo!, "inspect", "--raw", "--tls-verify=false", $"docker://{r.HostPort}/two/app:copied");
        Assert.Equal(image.Digest, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(raw)).ToString());
        var tags = await ExternalTool.RunCheckedAsync(Skopeo!, "list-tags", "--tls-verify=false", $"docker://{r.HostPort}/two/app");
        Assert.Contains("copied", tags);
    }

    [SkippableFact]
    public async Task MultiPlatformIndexIsPushedAndPulledIntact()
    {
        Skip.If(Skopeo is null, "skopeo is not installed");
        await using var r = await TestRegistry.StartAsync();
        var layout = new OciLayoutBuilder(Path.Combine(_work, "multi"));
        var rootfs = OciLayoutBuilder.BusyboxRootfsTar();
        var amd = layout.AddImage([rootfs, OciLayoutBuilder.TarOf("arch", "amd64\n")], "amd64");
        var arm = layout.AddImage([rootfs, OciLayoutBuilder.TarOf("arch", "arm64\n")], "arm64");
        var index = layout.AddIndex([amd, arm]);
        layout.Tag(index, "latest");
        var remote = $"docker://{r.HostPort}/multi/app:latest";

        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--all", "--dest-tls-verify=false", $"oci:{_work}/multi:latest", remote);
        var raw = await ExternalTool.RunCheckedAsync(Skopeo!, "inspect", "--raw", "--tls-verify=false", remote);
        Assert.Equal(index.Digest, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(raw)).ToString());

        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--all", "--src-tls-verify=false", remote, $"oci:{_work}/multi-back:latest");
        var back = new OciLayoutBuilder(Path.Combine(_work, "multi-back"));
        Assert.Equal(layout.ReadBlob(index.Digest), back.ReadBlob(index.Digest));
        Assert.Equal(layout.ReadBlob(arm.Digest), back.ReadBlob(arm.Digest));
        Assert.Equal(layout.ReadBlob(amd.Digest), back.ReadBlob(amd.Digest));

        // A platform-specific pull resolves through the index.
        await ExternalTool.RunCheckedAsync(Skopeo!, "copy", "--override-arch", "arm64", "--src-tls-verify=false", remote, $"oci:{_work}/arm-only:x");
        Assert.Equal(layout.ReadBlob(arm.Digest), new OciLayoutBuilder(Path.Combine(_work, "arm-only")).ReadBlob(arm.Digest));
    }
}
