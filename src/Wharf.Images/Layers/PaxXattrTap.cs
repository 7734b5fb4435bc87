using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Wharf.Images.Layers;

/// <summary>Sits between the decompressor and <see cref="System.Formats.Tar.TarReader"/>, follows the tar structure
/// in the bytes going by, and takes the xattr records (<c>SCHILY.xattr.*</c>, <c>LIBARCHIVE.xattr.*</c>) out of PAX
/// headers with their raw bytes. TarReader cannot be given them: it decodes PAX values as UTF-8 and cuts records at
/// NUL and newline bytes, so binary xattrs such as <c>security.capability</c> are mangled or the header is refused.
/// The PAX header is passed on without those records (size and checksum rewritten; dropped when nothing is left).
/// For every entry TarReader will return, the tap queues that entry's xattrs in order; TarReader reads sequentially
/// (this stream cannot seek), so its entries and the queue stay in step. The caller keeps ownership of
/// <paramref name="inner"/>.</summary>
internal sealed class PaxXattrTap(Stream inner) : Streams.ReadOnlyStream
{
    private const int Block = 512;
    private const string SchilyPrefix = "SCHILY.xattr.";
    private const string LibarchivePrefix = "LIBARCHIVE.xattr.";
    /// <summary>Real PAX headers are a few hundred bytes; xattr values are at most 64 KiB each on Linux.</summary>
    private const long MaxPaxHeaderBytes = 4 << 20;
    private static readonly IReadOnlyDictionary<string, byte[]> None = new Dictionary<string, byte[]>();

    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _skip;                 // data and padding of the current entry still to pass through
    private MemoryStream? _pax;         // the data (and padding) of a PAX 'x' header, held back until complete
    private long _paxRemaining;
    private long _paxSize;
    private Dictionary<string, byte[]>? _pending; // xattrs of the last 'x' header, for the entry that follows it
    private long? _pendingSize;         // a PAX "size" record overrides the header's size field
    private bool _ended;
    private readonly Queue<IReadOnlyDictionary<string, byte[]>> _entries = new();
    // Output that could not stay in the caller's buffer (a rewritten header, or bytes after one), in order.
    private readonly ArrayBufferWriter<byte> _out = new();
    private int _outRead;

    /// <summary>The xattrs (name → raw value) of the next entry TarReader returns, in order.</summary>
    public IReadOnlyDictionary<string, byte[]> NextEntryXattrs() =>
        _entries.TryDequeue(out var xattrs) ? xattrs : throw new InvalidDataException("tar entry without a header seen by the xattr tap");

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (TakePending(buffer) is > 0 and var pending) return pending;
            int n = inner.Read(buffer);
            if (n == 0) return Finish(buffer);
            if (Process(buffer[..n]) is > 0 and var ready) return ready;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (TakePending(buffer.Span) is > 0 and var pending) return pending;
            int n = await inner.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (n == 0) return Finish(buffer.Span);
            if (Process(buffer.Span[..n]) is > 0 and var ready) return ready;
        }
    }

    private int TakePending(Span<byte> buffer)
    {
        int available = _out.WrittenCount - _outRead;
        if (available == 0 || buffer.Length == 0) return 0;
        int n = Math.Min(available, buffer.Length);
        _out.WrittenSpan.Slice(_outRead, n).CopyTo(buffer);
        _outRead += n;
        if (_outRead == _out.WrittenCount) { _out.ResetWrittenCount(); _outRead = 0; }
        return n;
    }

    /// <summary>At the end of the input, whatever was held back (a truncated archive) goes on as it was, so
    /// TarReader reports the truncation itself.</summary>
    private int Finish(Span<byte> buffer)
    {
        if (_headerFill > 0) { _out.Write(_header.AsSpan(0, _headerFill)); _headerFill = 0; }
        if (_pax is not null) { _out.Write(_header); _out.Write(_pax.GetBuffer().AsSpan(0, (int)_pax.Length)); _pax = null; }
        return TakePending(buffer);
    }

    /// <summary>Runs the bytes just read through the tar state machine. Bytes that pass unchanged stay in
    /// <paramref name="data"/>, compacted to its front; once something is inserted, the rest goes to <see cref="_out"/>
    /// to keep the order. Returns how many bytes are ready at the front of <paramref name="data"/>.</summary>
    private int Process(Span<byte> data)
    {
        int read = 0, write = 0;
        void Emit(Span<byte> d, ReadOnlySpan<byte> bytes, int consumedUpTo)
        {
            if (_out.WrittenCount == 0 && write + bytes.Length <= consumedUpTo)
            {
                bytes.CopyTo(d[write..]);
                write += bytes.Length;
            }
            else _out.Write(bytes);
        }
        while (read < data.Length)
        {
            if (_ended || _skip > 0)
            {
                int take = _ended ? data.Length - read : (int)Math.Min(data.Length - read, _skip);
                if (_out.WrittenCount == 0 && write == read) write += take; // the common case: file data stays put
                else Emit(data, data.Slice(read, take), read + take);
                read += take;
                if (!_ended) _skip -= take;
                continue;
            }
            if (_pax is not null)
            {
                int take = (int)Math.Min(data.Length - read, _paxRemaining);
                _pax.Write(data.Slice(read, take));
                read += take;
                _paxRemaining -= take;
                if (_paxRemaining == 0) Emit(data, RewritePaxHeader(), read);
                continue;
            }
            int fill = Math.Min(data.Length - read, Block - _headerFill);
            data.Slice(read, fill).CopyTo(_header.AsSpan(_headerFill));
            read += fill;
            _headerFill += fill;
            if (_headerFill < Block) continue;
            _headerFill = 0;
            if (OnHeader()) Emit(data, _header, read);
        }
        return write;
    }

    /// <summary>Reads a complete header block; false when it is held back (a PAX header, emitted once rewritten).</summary>
    private bool OnHeader()
    {
        if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0) { _ended = true; return true; } // end-of-archive block
        byte type = _header[156];
        long size = ParseSize(_header.AsSpan(124, 12));
        switch (type)
        {
            case (byte)'x' or (byte)'X':
                if (size > MaxPaxHeaderBytes) throw new LayerRejectedException($"PAX header of {size} bytes is larger than {MaxPaxHeaderBytes}");
                _paxSize = size;
                _paxRemaining = size + Padding(size);
                _pax = new MemoryStream((int)_paxRemaining);
                if (_paxRemaining == 0) { _pax = null; return true; }
                return false;
            case (byte)'L' or (byte)'K': // GNU long name or link: part of the next entry's header
                _skip = size + Padding(size);
                return true;
        }
        if (_pendingSize is { } paxSize) size = paxSize;
        _entries.Enqueue(type == (byte)'g' ? None : (IReadOnlyDictionary<string, byte[]>?)_pending ?? None);
        _pending = null;
        _pendingSize = null;
        _skip = size + Padding(size);
        return true;
    }

    /// <summary>Takes the xattr records out of the held PAX header and returns what TarReader should see instead:
    /// the header with the remaining records, or nothing when none remain.</summary>
    private ReadOnlySpan<byte> RewritePaxHeader()
    {
        var data = _pax!.GetBuffer().AsSpan(0, (int)_paxSize);
        _pax = null;
        var kept = new MemoryStream();
        while (data.Length > 0 && data[0] != 0)
        {
            int space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], out int length) || length <= space + 1 || length > data.Length || data[length - 1] != '\n')
                throw new InvalidDataException("malformed PAX record in layer");
            var whole = data[..length];
            var record = data[(space + 1)..(length - 1)]; // without the length and the trailing newline
            data = data[length..];
            int equals = record.IndexOf((byte)'=');
            if (equals < 0) throw new InvalidDataException("malformed PAX record in layer");
            string key = Encoding.UTF8.GetString(record[..equals]);
            var value = record[(equals + 1)..];
            if (key.StartsWith(SchilyPrefix, StringComparison.Ordinal))
                (_pending ??= [])[key[SchilyPrefix.Length..]] = value.ToArray();
            else if (key.StartsWith(LibarchivePrefix, StringComparison.Ordinal))
                (_pending ??= [])[Uri.UnescapeDataString(key[LibarchivePrefix.Length..])] = Convert.FromBase64String(Encoding.ASCII.GetString(value));
            else
            {
                if (key == "size" && long.TryParse(value, out long size)) _pendingSize = size;
                kept.Write(whole);
            }
        }
        if (kept.Length == 0) return [];
        var header = (byte[])_header.Clone();
        Encoding.ASCII.GetBytes(Convert.ToString(kept.Length, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        header.AsSpan(148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in header) sum += b;
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        var output = new byte[Block + kept.Length + Padding(kept.Length)];
        header.CopyTo(output, 0);
        kept.GetBuffer().AsSpan(0, (int)kept.Length).CopyTo(output.AsSpan(Block));
        return output;
    }

    /// <summary>The size field: octal text, or big-endian base-256 when the high bit of the first byte is set.</summary>
    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0) return BinaryPrimitives.ReadInt64BigEndian(field[4..]);
        long value = 0;
        foreach (byte b in field)
        {
            if (b is (byte)' ' or 0) { if (value > 0) break; continue; }
            if (b is < (byte)'0' or > (byte)'7') throw new InvalidDataException("invalid size in tar header");
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static long Padding(long size) => (Block - size % Block) % Block;
}
