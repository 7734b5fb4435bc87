using System.Buffers;
using System.Text;
using Wharf.Images.Layers.Tar;

namespace Wharf.Images.Layers;

/// <summary>The write-side twin of <see cref="PaxXattrTap"/>: TarWriter can only write PAX values as UTF-8 text, so
/// <see cref="DirectoryTarWriter"/> hands it each xattr value base64-encoded under <see cref="Key"/>, and this stream,
/// between TarWriter and the output, turns those records into <c>SCHILY.xattr.NAME=raw bytes</c>, as GNU tar, Go's
/// archive/tar and Docker write them.</summary>
internal sealed class RawXattrTarStream : Stream, IPaxHeaderRewriter
{
    private const string SchilyPrefix = "SCHILY.xattr.";
    private readonly Stream _output;
    private readonly TarStreamEditor _editor;
    private byte[] _scratch = [];

    public RawXattrTarStream(Stream output)
    {
        _output = output;
        _editor = new TarStreamEditor(this);
    }

    /// <summary>The PAX key to give TarWriter for xattr <paramref name="name"/>, with the value in base64.</summary>
    public static string Key(string name) => "WHARF.xattr64." + name;

    private const string EncodedPrefix = "WHARF.xattr64.";

    /// <summary>Whether any byte has gone through (TarWriter writes nothing at all for an archive without entries).</summary>
    public bool HasWritten { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        HasWritten |= !buffer.IsEmpty;
        if (_scratch.Length < buffer.Length) _scratch = new byte[Math.Max(buffer.Length, 1 << 16)];
        buffer.CopyTo(_scratch);
        int ready = _editor.Process(_scratch.AsSpan(0, buffer.Length));
        _output.Write(_scratch, 0, ready);
        WritePending();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    private void WritePending()
    {
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int n;
            while ((n = _editor.TakePending(chunk)) > 0) _output.Write(chunk, 0, n);
        }
        finally { ArrayPool<byte>.Shared.Return(chunk); }
    }

    byte[] IPaxHeaderRewriter.Rewrite(ReadOnlySpan<byte> records)
    {
        var rewritten = new MemoryStream();
        while (PaxRecords.TryNext(ref records, out var record))
        {
            if (record.Key.StartsWith(EncodedPrefix, StringComparison.Ordinal))
                PaxRecords.Write(rewritten, SchilyPrefix + record.Key[EncodedPrefix.Length..], Convert.FromBase64String(Encoding.ASCII.GetString(record.Value)));
            else rewritten.Write(record.Whole);
        }
        return rewritten.ToArray();
    }

    void IPaxHeaderRewriter.OnEntry(byte typeFlag) { }

    public override void Flush()
    {
        WritePending();
        _output.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _editor.Finish();
            WritePending();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
