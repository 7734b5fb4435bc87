using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Image;
using Wharf.TestSupport;

namespace Wharf.Registry.Tests;

/// <summary>
/// Writes an OCI image layout (oci-layout, index.json, blobs/) that real clients such as skopeo read:
/// a busybox rootfs layer from scripts/make-busybox-rootfs.sh plus small extra layers.
/// </summary>
public sealed class OciLayoutBuilder
{
    private readonly string _dir;
    private readonly List<Descriptor> _index = [];

    public OciLayoutBuilder(string dir)
    {
        _dir = dir;
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    }

    public static byte[] BusyboxRootfsTar()
    {
        var tar = Path.Combine(Path.GetTempPath(), $"wharf-busybox-{Guid.NewGuid():N}.tar");
        try
        {
            using (var p = Process.Start(new ProcessStartInfo(RepoPaths.Script("make-busybox-rootfs.sh"), ["--tar", tar]) { RedirectStandardError = true })!)
            {
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "make-busybox-rootfs.sh failed: " + p.StandardError.ReadToEnd());
            }
            return File.ReadAllBytes(tar);
        }
        finally { File.Delete(tar); }
    }

    public static byte[] TarOf(string path, string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
            writer.WriteEntry(entry);
        }
        return buffer.ToArray();
    }

    public Descriptor AddBlob(byte[] bytes, string mediaType)
    {
        var digest = Digest.Sha256(bytes);
        File.WriteAllBytes(Path.Combine(_dir, "blobs", "sha256", digest.Hex), bytes);
        return new Descriptor { MediaType = mediaType, Digest = digest.ToString(), Size = bytes.Length };
    }

    /// <summary>Adds an image of gzip layers made from the given tars; returns its manifest descriptor.</summary>
    public Descriptor AddImage(IReadOnlyList<byte[]> layerTars, string architecture)
    {
        var layers = new List<Descriptor>();
        var diffIds = new List<string>();
        foreach (var tar in layerTars)
        {
            diffIds.Add(Digest.Sha256(tar).ToString());
            layers.Add(AddBlob(Gzip(tar), MediaTypes.OciLayerGzip));
        }
        var config = JsonSerializer.SerializeToUtf8Bytes(new ImageConfig
        {
            Architecture = architecture,
            Os = "linux",
            Rootfs = new RootFs { Type = "layers", DiffIds = diffIds },
        }, OciJson.Default.ImageConfig);
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = AddBlob(config, MediaTypes.OciConfig), Layers = layers };
        var d = AddBlob(JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Default.ImageManifest), MediaTypes.OciManifest);
        d.Platform = new Platform { Architecture = architecture, Os = "linux" };
        return d;
    }

    /// <summary>Adds an index over several images; returns its descriptor.</summary>
    public Descriptor AddIndex(IReadOnlyList<Descriptor> manifests)
    {
        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = manifests.ToList() };
        return AddBlob(JsonSerializer.SerializeToUtf8Bytes(index, OciJson.Default.ImageIndex), MediaTypes.OciIndex);
    }

    /// <summary>Names a manifest or index in index.json so <c>oci:DIR:tag</c> finds it.</summary>
    public void Tag(Descriptor target, string tag)
    {
        _index.Add(new Descriptor { MediaType = target.MediaType, Digest = target.Digest, Size = target.Size, Annotations = new() { ["org.opencontainers.image.ref.name"] = tag } });
        var index = new ImageIndex { Manifests = _index };
        File.WriteAllBytes(Path.Combine(_dir, "index.json"), JsonSerializer.SerializeToUtf8Bytes(index, OciJson.Default.ImageIndex));
    }

    public byte[] ReadBlob(string digest) => File.ReadAllBytes(Path.Combine(_dir, "blobs", "sha256", Digest.Parse(digest).Hex));

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return buffer.ToArray();
    }
}
