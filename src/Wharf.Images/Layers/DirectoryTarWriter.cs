using System.Formats.Tar;
using Wharf.Images.Native;

namespace Wharf.Images.Layers;

/// <summary>Writes a directory tree as a tar in a stable (sorted) order, keeping ownership, modes, times, xattrs,
/// symlinks, devices and hard links. With <c>overlayWhiteouts</c> (a container's upper dir, for commit) the
/// overlay forms turn back into the layer forms: a 0/0 char device becomes <c>.wh.name</c> and an opaque
/// directory gets <c>.wh..wh..opq</c>.</summary>
public static class DirectoryTarWriter
{
    private const string OpaqueXattr = "trusted.overlay.opaque";

    public static void Write(string root, Stream output, bool overlayWhiteouts)
    {
        // TarWriter writes PAX values as text: binary xattrs go through it base64-encoded and come out raw.
        using var raw = new RawXattrTarStream(output);
        using (var writer = new TarWriter(raw, TarEntryFormat.Pax, leaveOpen: true))
        {
            var seen = new Dictionary<(ulong, ulong), string>();
            WriteChildren(writer, root.TrimEnd('/'), "", overlayWhiteouts, seen);
        }
        // TarWriter ends an archive only after an entry: an empty diff must still be a tar, Docker's empty layer
        // (two zero blocks, sha256:5f70bf18…), or it could not be unpacked again.
        if (!raw.HasWritten) raw.Write(new byte[2 * 512]);
    }

    private static void WriteChildren(TarWriter writer, string root, string relative, bool overlay, Dictionary<(ulong, ulong), string> seen)
    {
        string dir = relative.Length == 0 ? root : root + "/" + relative;
        var names = Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            string rel = relative.Length == 0 ? name : relative + "/" + name;
            string path = root + "/" + rel;
            var st = FileStatus.Of(path);
            if (overlay && st.IsWhiteout)
            {
                string parent = relative.Length == 0 ? "" : relative + "/";
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, parent + ".wh." + name) { ModificationTime = st.Mtime });
                continue;
            }
            if (st.Type == FileStatus.Socket) continue; // tar has no sockets; Docker skips them too
            if (st.IsRegular && st.Links > 1)
            {
                if (seen.TryGetValue((st.Dev, st.Inode), out var first))
                {
                    writer.WriteEntry(Describe(new PaxTarEntry(TarEntryType.HardLink, rel, Xattrs(path)) { LinkName = first }, st));
                    continue;
                }
                seen[(st.Dev, st.Inode)] = rel;
            }
            WriteOne(writer, path, rel, st);
            if (st.IsDirectory)
            {
                if (overlay && LibC.LGetXattr(path, OpaqueXattr) is [(byte)'y', ..])
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, rel + "/.wh..wh..opq") { ModificationTime = st.Mtime });
                WriteChildren(writer, root, rel, overlay, seen);
            }
        }
    }

    private static void WriteOne(TarWriter writer, string path, string rel, FileStatus st)
    {
        var xattrs = Xattrs(path);
        switch (st.Type)
        {
            case FileStatus.Directory:
                writer.WriteEntry(Describe(new PaxTarEntry(TarEntryType.Directory, rel + "/", xattrs), st));
                break;
            case FileStatus.Regular:
                using (var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan))
                    writer.WriteEntry(Describe(new PaxTarEntry(TarEntryType.RegularFile, rel, xattrs) { DataStream = data }, st));
                break;
            case FileStatus.Symlink:
                writer.WriteEntry(Describe(new PaxTarEntry(TarEntryType.SymbolicLink, rel, xattrs) { LinkName = new FileInfo(path).LinkTarget! }, st));
                break;
            case FileStatus.CharDevice or FileStatus.BlockDevice:
                var type = st.Type == FileStatus.CharDevice ? TarEntryType.CharacterDevice : TarEntryType.BlockDevice;
                writer.WriteEntry(Describe(new PaxTarEntry(type, rel, xattrs) { DeviceMajor = st.Major, DeviceMinor = st.Minor }, st));
                break;
            case FileStatus.Fifo:
                writer.WriteEntry(Describe(new PaxTarEntry(TarEntryType.Fifo, rel, xattrs), st));
                break;
        }
    }

    private static PaxTarEntry Describe(PaxTarEntry entry, FileStatus st)
    {
        entry.Mode = st.Permissions;
        entry.Uid = st.Uid;
        entry.Gid = st.Gid;
        entry.ModificationTime = st.Mtime;
        return entry;
    }

    /// <summary>The file's xattrs as PAX records (for <see cref="RawXattrTarStream"/>), overlay's own left out.</summary>
    private static Dictionary<string, string> Xattrs(string path)
    {
        var xattrs = new Dictionary<string, string>();
        foreach (var attr in LibC.LListXattr(path))
        {
            if (attr.StartsWith("trusted.overlay.", StringComparison.Ordinal)) continue;
            if (LibC.LGetXattr(path, attr) is { } value) xattrs[RawXattrTarStream.Key(attr)] = Convert.ToBase64String(value);
        }
        return xattrs;
    }
}
