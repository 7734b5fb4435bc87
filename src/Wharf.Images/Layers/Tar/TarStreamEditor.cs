using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Wharf.Images.Layers.Tar;

/// <summary>What a <see cref="TarStreamEditor"/> asks about the archive going by.</summary>
internal interface IPaxHeaderRewriter
{
    /// <summary>The records a PAX 'x' header should carry instead of <paramref name="records"/>; an empty result
    /// drops the header.</summary>
    byte[] Rewrite(ReadOnlySpan<byte> records);

    /// <summary>An entry's own header went by (not a PAX or GNU long-name header): the entry a reader returns next.</summary>
    void OnEntry(byte typeFlag);
}

/// <summary>Follows the tar structure in a byte stream (headers, data, padding) and lets a rewriter change PAX
/// extended headers on the way; the header's size and checksum are fixed up. Used on both sides of
/// System.Formats.Tar, which treats PAX values as UTF-8 text: reading, to take binary xattrs out before TarReader sees
/// them; writing, to put them in after TarWriter. Bytes pass in place (<see cref="Process"/> compacts them to the
/// front of the caller's span); once a header is rewritten, what follows waits in an internal buffer to keep the
/// order (<see cref="TakePending"/>).</summary>
internal sealed class TarStreamEditor(IPaxHeaderRewriter rewriter)
{
    private const int Block = 512;
    /// <summary>Real PAX headers are a few hundred bytes; xattr values are at most 64 KiB each on Linux.</summary>
    private const long MaxPaxHeaderBytes = 4 << 20;

    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _skip;                 // data and padding of the current entry still to pass through
    private MemoryStream? _pax;         // the data (and padding) of a PAX 'x' header, held back until complete
    private long _paxRemaining;
    private long _paxSize;
    private long? _pendingSize;         // a PAX "size" record overrides the next header's size field
    private bool _ended;
    private readonly ArrayBufferWriter<byte> _out = new();
    private int _outRead;

    /// <summary>Copies held output into <paramref name="buffer"/>; 0 when there is none.</summary>
    public int TakePending(Span<byte> buffer)
    {
        int available = _out.WrittenCount - _outRead;
        if (available == 0 || buffer.Length == 0) return 0;
        int n = Math.Min(available, buffer.Length);
        _out.WrittenSpan.Slice(_outRead, n).CopyTo(buffer);
        _outRead += n;
        if (_outRead == _out.WrittenCount) { _out.ResetWrittenCount(); _outRead = 0; }
        return n;
    }

    /// <summary>At the end of the input, whatever was held back (a truncated archive) goes on as it was, so the tar
    /// reader reports the truncation itself.</summary>
    public void Finish()
    {
        if (_headerFill > 0) { _out.Write(_header.AsSpan(0, _headerFill)); _headerFill = 0; }
        if (_pax is not null) { _out.Write(_header); _out.Write(_pax.GetBuffer().AsSpan(0, (int)_pax.Length)); _pax = null; }
    }

    /// <summary>Runs bytes through the state machine. Unchanged bytes stay in <paramref name="data"/>, compacted to
    /// its front; returns how many are ready there. The rest, if any, waits for <see cref="TakePending"/>.</summary>
    public int Process(Span<byte> data)
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
                if (_paxRemaining == 0) return true;
                _pax = new MemoryStream((int)_paxRemaining);
                return false;
            case (byte)'L' or (byte)'K': // GNU long name or link: part of the next entry's header
                _skip = size + Padding(size);
                return true;
        }
        if (_pendingSize is { } paxSize) size = paxSize;
        _pendingSize = null;
        rewriter.OnEntry(type);
        _skip = size + Padding(size);
        return true;
    }

    /// <summary>The held PAX header as the rewriter wants it: header block, records, padding; or nothing.</summary>
    private ReadOnlySpan<byte> RewritePaxHeader()
    {
        ReadOnlySpan<byte> records = _pax!.GetBuffer().AsSpan(0, (int)_paxSize);
        _pax = null;
        var scan = records;
        while (PaxRecords.TryNext(ref scan, out var record))
            if (record.Key == "size" && long.TryParse(record.Value, out long size)) _pendingSize = size;
        byte[] kept = rewriter.Rewrite(records);
        if (kept.Length == 0) return [];
        var output = new byte[Block + kept.Length + Padding(kept.Length)];
        _header.CopyTo(output, 0);
        Encoding.ASCII.GetBytes(Convert.ToString(kept.Length, 8).PadLeft(11, '0') + "\0").CopyTo(output, 124);
        output.AsSpan(148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in output.AsSpan(0, Block)) sum += b;
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(output, 148);
        kept.CopyTo(output, Block);
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
