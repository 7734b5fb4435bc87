using Wharf.Images.Native;
using Wharf.Oci;

namespace Wharf.Images.Content;

/// <summary>The content store on disk:
/// <code>
/// &lt;root&gt;/blobs/sha256/&lt;hex&gt;      committed blobs, verified, byte-exact
/// &lt;root&gt;/ingest/&lt;sha256(ref)&gt;/data  an unfinished write (the directory is the "incomplete" mark)
/// </code></summary>
public sealed class LocalContentStore : IContentStore
{
    private readonly string _blobs;
    private readonly string _ingest;

    public LocalContentStore(string root)
    {
        _blobs = Path.Combine(root, "blobs", "sha256");
        _ingest = Path.Combine(root, "ingest");
        Directory.CreateDirectory(_blobs);
        // A crash leaves ingests without an owner: start clean, nothing there was ever verified.
        if (Directory.Exists(_ingest)) Directory.Delete(_ingest, recursive: true);
        Directory.CreateDirectory(_ingest);
        foreach (var temp in Directory.EnumerateFiles(_blobs, ".tmp-*")) File.Delete(temp);
    }

    public string BlobPath(Digest digest)
    {
        if (digest.Algorithm != "sha256") throw new NotSupportedException($"unsupported digest algorithm: {digest.Algorithm}");
        return Path.Combine(_blobs, digest.Hex);
    }

    public bool Exists(Digest digest) => digest.Algorithm == "sha256" && File.Exists(BlobPath(digest));

    public long Size(Digest digest) => Exists(digest) ? new FileInfo(BlobPath(digest)).Length : -1;

    public Stream OpenRead(Digest digest)
    {
        string path = BlobPath(digest);
        if (!File.Exists(path)) throw new FileNotFoundException($"content {digest}: not found", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    public byte[] ReadAllBytes(Digest digest)
    {
        string path = BlobPath(digest);
        if (!File.Exists(path)) throw new FileNotFoundException($"content {digest}: not found", path);
        return File.ReadAllBytes(path);
    }

    public ContentWriter OpenWriter(string reference)
    {
        string key = Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(reference)).Hex;
        return new ContentWriter(this, Path.Combine(_ingest, key));
    }

    /// <summary>A writer in a fresh, unique ingest (nothing to resume).</summary>
    public ContentWriter OpenUniqueWriter() => OpenWriter(Guid.NewGuid().ToString("N"));

    public Digest Put(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Sha256(content);
        if (Exists(digest)) return digest;
        using var writer = OpenUniqueWriter();
        writer.Write(content);
        return writer.Commit(content.Length, digest);
    }

    public IEnumerable<Digest> List()
    {
        foreach (var file in Directory.EnumerateFiles(_blobs))
            if (Digest.TryParse("sha256:" + Path.GetFileName(file), out var d)) yield return d;
    }

    public void Delete(Digest digest)
    {
        string path = BlobPath(digest);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Moves verified data into place: rename (atomic) then fsync the blob directory.</summary>
    internal void Install(string dataPath, Digest digest)
    {
        File.Move(dataPath, BlobPath(digest), overwrite: true);
        LibC.FsyncDirectory(_blobs);
    }
}
