using System.Text;
using Wharf.Images.Layers.Tar;

namespace Wharf.Images.Layers;

/// <summary>Sits between the decompressor and <see cref="System.Formats.Tar.TarReader"/> and takes the xattr records
/// (<c>SCHILY.xattr.*</c>, <c>LIBARCHIVE.xattr.*</c>) out of PAX headers with their raw bytes. TarReader cannot be given
/// them: it decodes PAX values as UTF-8 and cuts records at NUL and newline bytes, so binary xattrs such as
/// <c>security.capability</c> are mangled or the header is refused. The PAX header is passed on without those records.
/// For every entry TarReader will return, the tap queues that entry's xattrs in order; TarReader reads sequentially
/// (this stream cannot seek), so its entries and the queue stay in step. The caller keeps ownership of
/// <paramref name="inner"/>.</summary>
internal sealed class PaxXattrTap : Streams.ReadOnlyStream, IPaxHeaderRewriter
{
    private const string SchilyPrefix = "SCHILY.xattr.";
    private const string LibarchivePrefix = "LIBARCHIVE.xattr.";
    private static readonly IReadOnlyDictionary<string, byte[]> None = new Dictionary<string, byte[]>();

    private readonly Stream _inner;
    private readonly TarStreamEditor _editor;
    private Dictionary<string, byte[]>? _pending; // xattrs of the last PAX header, for the entry that follows it
    private readonly Queue<IReadOnlyDictionary<string, byte[]>> _entries = new();

    public PaxXattrTap(Stream inner)
    {
        _inner = inner;
        _editor = new TarStreamEditor(this);
    }

    /// <summary>The xattrs (name → raw value) of the next entry TarReader returns, in order.</summary>
    public IReadOnlyDictionary<string, byte[]> NextEntryXattrs() =>
        _entries.TryDequeue(out var xattrs) ? xattrs : throw new InvalidDataException("tar entry without a header seen by the xattr tap");

    /// <summary>False while the layer stream has given no byte at all.</summary>
    public bool SawAnyByte { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_editor.TakePending(buffer) is > 0 and var pending) return pending;
            int n = _inner.Read(buffer);
            SawAnyByte |= n > 0;
            if (n == 0) { _editor.Finish(); return _editor.TakePending(buffer); }
            if (_editor.Process(buffer[..n]) is > 0 and var ready) return ready;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_editor.TakePending(buffer.Span) is > 0 and var pending) return pending;
            int n = await _inner.ReadAsync(buffer, ct).ConfigureAwait(false);
            SawAnyByte |= n > 0;
            if (n == 0) { _editor.Finish(); return _editor.TakePending(buffer.Span); }
            if (_editor.Process(buffer.Span[..n]) is > 0 and var ready) return ready;
        }
    }

    byte[] IPaxHeaderRewriter.Rewrite(ReadOnlySpan<byte> records)
    {
        var kept = new MemoryStream();
        while (PaxRecords.TryNext(ref records, out var record))
        {
            if (record.Key.StartsWith(SchilyPrefix, StringComparison.Ordinal))
                (_pending ??= [])[record.Key[SchilyPrefix.Length..]] = record.Value.ToArray();
            else if (record.Key.StartsWith(LibarchivePrefix, StringComparison.Ordinal))
                (_pending ??= [])[Uri.UnescapeDataString(record.Key[LibarchivePrefix.Length..])] = Convert.FromBase64String(Encoding.ASCII.GetString(record.Value));
            else kept.Write(record.Whole);
        }
        return kept.ToArray();
    }

    void IPaxHeaderRewriter.OnEntry(byte typeFlag)
    {
        _entries.Enqueue(typeFlag == (byte)'g' ? None : (IReadOnlyDictionary<string, byte[]>?)_pending ?? None);
        _pending = null;
    }
}
