using System.Security.Cryptography;
using Wharf.Oci;

namespace Wharf.Images.Layers;

/// <summary>A read-through stream that hashes every byte read and may copy them to a sink (a content ingest),
/// so one pass over the network computes a digest, stores the blob and feeds the decompressor.</summary>
public sealed class HashingReadStream(Stream inner, Action<ReadOnlySpan<byte>>? sink = null, bool leaveOpen = false, bool computeHash = true) : Streams.ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public Digest Digest => Digest.FromSha256Hash(_hash.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Consume(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int n = await inner.ReadAsync(buffer, ct).ConfigureAwait(false);
        Consume(buffer.Span[..n]);
        return n;
    }

    /// <summary>Reads the rest of the stream (e.g. the zero blocks after a tar's end) so the digest covers it all.</summary>
    public void Drain()
    {
        var buffer = new byte[1 << 16];
        while (Read(buffer) > 0) { }
    }

    private void Consume(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (computeHash) _hash.AppendData(bytes);
        sink?.Invoke(bytes);
        BytesRead += bytes.Length;
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!leaveOpen) inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
