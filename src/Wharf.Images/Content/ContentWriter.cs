using System.Security.Cryptography;
using Wharf.Images.Native;
using Wharf.Oci;

namespace Wharf.Images.Content;

/// <summary>A resumable ingest: bytes are appended to <c>ingest/&lt;ref&gt;/data</c> and hashed on the way;
/// <see cref="Commit"/> checks size and digest and only then renames the data into the blob tree.
/// The ingest directory itself is the "incomplete" mark: the store deletes leftovers when it opens.</summary>
public sealed class ContentWriter : IDisposable
{
    private readonly LocalContentStore _store;
    private readonly string _dir;
    private readonly FileStream _data;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _done;

    internal ContentWriter(LocalContentStore store, string dir)
    {
        _store = store;
        _dir = dir;
        Directory.CreateDirectory(dir);
        _data = new FileStream(Path.Combine(dir, "data"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        // Resuming: re-hash what an earlier attempt already wrote, then append after it.
        var buffer = new byte[1 << 16];
        int n;
        while ((n = _data.Read(buffer)) > 0) _hash.AppendData(buffer, 0, n);
        ResumedFrom = _data.Position;
    }

    /// <summary>How many bytes are already in the ingest: the offset a resumed download asks for.</summary>
    public long Offset => _data.Position;

    /// <summary>How many bytes an earlier attempt had left in this ingest when it was opened.</summary>
    public long ResumedFrom { get; }

    /// <summary>Replays the bytes an earlier attempt left (already re-hashed here) to a consumer that needs the blob
    /// from its start, such as the layer unpacker; new bytes still go through <see cref="Write"/>.</summary>
    public Stream ReadResumedBytes() => new ResumedBytes(_data.SafeFileHandle, ResumedFrom);

    private sealed class ResumedBytes(Microsoft.Win32.SafeHandles.SafeFileHandle file, long length) : Streams.ReadOnlyStream
    {
        private long _position;

        public override int Read(Span<byte> buffer)
        {
            int want = (int)Math.Min(buffer.Length, length - _position);
            if (want <= 0) return 0;
            int n = RandomAccess.Read(file, buffer[..want], _position);
            if (n == 0) throw new EndOfStreamException("the ingest shrank while it was replayed");
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _data.Write(bytes);
        _hash.AppendData(bytes);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        _hash.AppendData(bytes.Span);
        await _data.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    /// <summary>A write-only stream view (e.g. for a TarWriter); writes go through <see cref="Write"/>.</summary>
    public Stream AsStream() => new WriterStream(this);

    private sealed class WriterStream(ContentWriter owner) : Stream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => owner.Write(buffer);
        public override void Write(byte[] buffer, int offset, int count) => owner.Write(buffer.AsSpan(offset, count));
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => owner.Offset;
        public override long Position { get => owner.Offset; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Forgets what was written so far (e.g. a server that ignored our Range request).</summary>
    public void Truncate()
    {
        _data.SetLength(0);
        _data.Position = 0;
        _hash.GetHashAndReset();
    }

    /// <summary>The digest of the bytes written so far.</summary>
    public Digest CurrentDigest() => Digest.FromSha256Hash(_hash.GetCurrentHash());

    /// <summary>Verifies and moves the content into the store. On a mismatch the ingest is discarded and
    /// <see cref="DigestMismatchException"/> thrown. <paramref name="expectedSize"/> &lt; 0 skips the size check.</summary>
    public Digest Commit(long expectedSize, Digest? expected)
    {
        long size = _data.Length;
        var actual = CurrentDigest();
        if ((expectedSize >= 0 && size != expectedSize) || (expected is { } e && e != actual))
        {
            Abort();
            throw new DigestMismatchException(expected is { } ex && ex != actual
                ? $"digest mismatch: expected {ex}, got {actual} ({size} bytes)"
                : $"size mismatch for {actual}: expected {expectedSize} bytes, got {size}");
        }
        _data.Flush(flushToDisk: true);
        _data.Dispose();
        _store.Install(Path.Combine(_dir, "data"), actual);
        Directory.Delete(_dir, recursive: true);
        _done = true;
        return actual;
    }

    /// <summary>Throws the ingest away.</summary>
    public void Abort()
    {
        if (_done) return;
        _done = true;
        _data.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Closes the file but keeps the ingest so a later writer with the same reference resumes it.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _data.Dispose();
        _hash.Dispose();
    }
}
