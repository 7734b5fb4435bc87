using System.Formats.Tar;
using System.Text.Json;
using Wharf.Images.Archive;
using Wharf.Images.Copy;
using Wharf.Images.Layers;
using Wharf.Images.Progress;
using Wharf.Images.References;
using Wharf.Oci;

namespace Wharf.Images;

public sealed partial class LocalImageStore
{
    /// <summary>Scratch space for save and load, under the data root (same file system, cleaned at start-up).</summary>
    private string TempRoot
    {
        get
        {
            string dir = Path.Combine(DataRoot, "tmp");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary><c>docker save</c>: the named images (by name: that tag; by ID: untagged) into one archive.</summary>
    public async Task SaveAsync(IEnumerable<string> references, Stream output, CancellationToken ct)
    {
        var byImage = new Dictionary<Digest, List<ImageReference>>();
        foreach (var reference in references)
        {
            var image = Get(reference);
            if (!byImage.TryGetValue(image.Id, out var names)) byImage[image.Id] = names = [];
            if (ImageReference.TryParse(reference, out var named) && named is { Digest: null }
                && image.RepoTags.Contains(named.Familiar)) names.Add(named);
        }
        using var lease = Lease();
        using var destination = new DockerArchiveDestination(output, TempRoot);
        foreach (var (id, names) in byImage)
        {
            destination.Names = names;
            await ImageCopier.CopyAsync(new LocalStoreSource(this, Get(id.ToString())), destination, PlatformSpec.Host, _ => { }, ct).ConfigureAwait(false);
        }
        destination.Finish();
    }

    /// <summary><c>docker load</c>: a docker-archive (manifest.json) or an OCI layout tar, plain or compressed.
    /// Reports "Loading layer" bars and a "Loaded image: …" stream line per image.</summary>
    public async Task<IReadOnlyList<LocalImage>> LoadAsync(Stream input, Action<JsonMessage> progress, CancellationToken ct)
    {
        string dir = Path.Combine(TempRoot, "load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await Task.Run(() => UnpackArchive(input, dir, ct), ct).ConfigureAwait(false);
            var loaded = new List<LocalImage>();
            foreach (var (source, tags) in ArchiveImages(dir))
            {
                using var destination = new LocalStoreDestination(this, tags, null) { LoadStyleProgress = true, MaxConcurrentLayers = 2 };
                var result = await ImageCopier.CopyAsync(source, destination, PlatformSpec.Host, progress, ct).ConfigureAwait(false);
                var image = Get(result.ImageId.ToString());
                loaded.Add(image);
                if (tags.Count == 0) progress(new JsonMessage { Stream = $"Loaded image ID: {image.Id}\n" });
                foreach (var tag in tags) progress(new JsonMessage { Stream = $"Loaded image: {tag.Familiar}\n" });
            }
            if (loaded.Count == 0) throw new InvalidDataException("invalid archive: neither manifest.json nor index.json lists an image");
            return loaded;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The images an unpacked archive holds: manifest.json when present (Docker), else index.json (OCI).</summary>
    private static List<(IImageSource, List<ImageReference>)> ArchiveImages(string dir)
    {
        var images = new List<(IImageSource, List<ImageReference>)>();
        string legacy = Path.Combine(dir, "manifest.json");
        if (File.Exists(legacy))
        {
            var entries = JsonSerializer.Deserialize(File.ReadAllBytes(legacy), ArchiveJson.Default.ListArchiveManifestEntry) ?? [];
            foreach (var entry in entries)
                images.Add((ArchiveSource.FromLegacyEntry(dir, entry), (entry.RepoTags ?? []).Select(ImageReference.Parse).ToList()));
            return images;
        }
        string indexPath = Path.Combine(dir, "index.json");
        if (!File.Exists(indexPath)) return images;
        var index = JsonSerializer.Deserialize(File.ReadAllBytes(indexPath), OciJson.Default.ImageIndex)!;
        foreach (var entry in index.Manifests)
        {
            var tags = new List<ImageReference>();
            if (entry.Annotations?.GetValueOrDefault("io.containerd.image.name") is { } full) tags.Add(ImageReference.Parse(full));
            else if (entry.Annotations?.GetValueOrDefault("org.opencontainers.image.ref.name") is { } refName && ImageReference.TryParse(refName, out var r) && !refName.All(char.IsDigit))
                tags.Add(r!);
            images.Add((ArchiveSource.FromIndexEntry(dir, entry), tags));
        }
        return images;
    }

    /// <summary>Writes the archive's regular files under <paramref name="dir"/>; names are checked like layer paths.</summary>
    private void UnpackArchive(Stream input, string dir, CancellationToken ct)
    {
        using var plain = Decompression.OpenDetected(input, out _);
        using var reader = new TarReader(plain, leaveOpen: true);
        long total = 0;
        while (reader.GetNextEntry() is { } entry)
        {
            ct.ThrowIfCancellationRequested();
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            var parts = LayerPath.Split(entry.Name, Limits);
            if (parts.Length == 0) continue;
            total += entry.Length;
            if (total > Limits.MaxTotalBytes) throw new LayerRejectedException($"archive larger than {Limits.MaxTotalBytes} bytes");
            string path = Path.Combine([dir, .. parts]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
            entry.DataStream?.CopyTo(file);
        }
    }
}
