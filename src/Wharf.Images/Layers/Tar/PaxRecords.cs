using System.Text;

namespace Wharf.Images.Layers.Tar;

/// <summary>PAX extended header records, "LEN KEY=VALUE\n" with LEN counting the whole record, read and written as
/// bytes: values may be binary (xattrs), so nothing here decodes them as text.</summary>
internal static class PaxRecords
{
    /// <summary>A record: its key, its raw value, and the whole record as it was (to pass it on unchanged).</summary>
    public readonly ref struct Record(string key, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole)
    {
        public string Key { get; } = key;
        public ReadOnlySpan<byte> Value { get; } = value;
        public ReadOnlySpan<byte> Whole { get; } = whole;
    }

    /// <summary>Takes the next record off <paramref name="data"/>; false at the end (or at NUL padding).</summary>
    public static bool TryNext(ref ReadOnlySpan<byte> data, out Record record)
    {
        record = default;
        if (data.Length == 0 || data[0] == 0) return false;
        int space = data.IndexOf((byte)' ');
        if (space <= 0 || !int.TryParse(data[..space], out int length) || length <= space + 1 || length > data.Length || data[length - 1] != '\n')
            throw new InvalidDataException("malformed PAX record in layer");
        var whole = data[..length];
        var body = data[(space + 1)..(length - 1)];
        data = data[length..];
        int equals = body.IndexOf((byte)'=');
        if (equals < 0) throw new InvalidDataException("malformed PAX record in layer");
        record = new Record(Encoding.UTF8.GetString(body[..equals]), body[(equals + 1)..], whole);
        return true;
    }

    /// <summary>Appends one record; its length prefix counts its own digits.</summary>
    public static void Write(Stream output, string key, ReadOnlySpan<byte> value)
    {
        int rest = 1 + Encoding.UTF8.GetByteCount(key) + 1 + value.Length + 1; // ' ' key '=' value '\n'
        int length = rest + 1;
        while (length.ToString().Length + rest != length) length++;
        output.Write(Encoding.ASCII.GetBytes(length.ToString() + " " ));
        output.Write(Encoding.UTF8.GetBytes(key + "="));
        output.Write(value);
        output.WriteByte((byte)'\n');
    }
}
