namespace Wharf.Distribution.Server.Http;

/// <summary>Parses the single byte range of a <c>Range: bytes=…</c> request header, and an upload's <c>Content-Range</c>.</summary>
public static class ByteRange
{
    /// <summary>Offset and length to send; null when there is no usable Range header; throws 416 when unsatisfiable.</summary>
    public static (long Offset, long Length)? ParseRange(string? header, long size)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.Ordinal)) return null;
        var spec = header[6..].Trim();
        if (spec.Contains(',')) return null; // multipart ranges: serve the whole blob, as allowed
        int dash = spec.IndexOf('-');
        if (dash < 0) throw Unsatisfiable(header);
        string first = spec[..dash], last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, out var suffix) || suffix <= 0) throw Unsatisfiable(header);
            long n = Math.Min(suffix, size);
            return size == 0 ? throw Unsatisfiable(header) : (size - n, n);
        }
        if (!long.TryParse(first, out var start) || start < 0 || start >= size) throw Unsatisfiable(header);
        long end = size - 1;
        if (last.Length > 0 && (!long.TryParse(last, out end) || end < start)) throw Unsatisfiable(header);
        end = Math.Min(end, size - 1);
        return (start, end - start + 1);
    }

    /// <summary>Start and inclusive end of an upload chunk's <c>Content-Range: start-end</c>.</summary>
    public static (long Start, long End)? ParseContentRange(string? header)
    {
        if (string.IsNullOrEmpty(header)) return null;
        var spec = header.StartsWith("bytes ", StringComparison.Ordinal) ? header[6..] : header;
        int slash = spec.IndexOf('/');
        if (slash >= 0) spec = spec[..slash];
        int dash = spec.IndexOf('-');
        if (dash <= 0 || !long.TryParse(spec[..dash], out var start) || !long.TryParse(spec[(dash + 1)..], out var end) || start < 0 || end < start)
            throw RegistryException.RangeInvalid($"malformed Content-Range \"{header}\"");
        return (start, end);
    }

    private static RegistryException Unsatisfiable(string header) => new(416, "BLOB_UNKNOWN", "requested range not satisfiable", header);
}
