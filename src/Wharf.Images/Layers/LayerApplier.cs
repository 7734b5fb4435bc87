using System.Formats.Tar;
using Wharf.Images.Native;

namespace Wharf.Images.Layers;

/// <summary>Unpacks one layer tar into a snapshot directory in overlayfs form: <c>.wh.x</c> becomes a 0/0
/// character device, <c>.wh..wh..opq</c> the <c>trusted.overlay.opaque=y</c> xattr. Hostile entries are refused
/// (see <see cref="RootedResolver"/> and <see cref="LayerPath"/>); existing files are unlinked before being
/// replaced, so nothing is ever written through a link.</summary>
public sealed class LayerApplier(LayerLimits limits)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string OverlayOpaqueXattr = "trusted.overlay.opaque";
    private static readonly bool IsRoot = LibC.GetEuid() == 0;

    /// <summary>A zero-byte layer is an empty one, as Go's archive/tar (and so dockerd) reads it; .NET's TarReader
    /// would call it a truncated archive.</summary>
    private static TarEntry? NextEntry(TarReader reader, PaxXattrTap tap)
    {
        try { return reader.GetNextEntry(copyData: false); }
        catch (EndOfStreamException) when (!tap.SawAnyByte) { return null; }
    }

    /// <summary>Applies <paramref name="tar"/> (uncompressed) into <paramref name="root"/>. <paramref name="lowerDirs"/>
    /// (top first) serve hard links to files of lower layers, which are copied up; it is called only when such a
    /// link appears, so a caller unpacking layers in parallel can wait there for the parent. Returns unpacked bytes.</summary>
    public long Apply(Stream tar, string root, Func<IReadOnlyList<string>> lowerDirs, CancellationToken ct = default)
    {
        var resolver = new RootedResolver(root);
        var dirTimes = new List<(string Path, DateTimeOffset Time)>();
        long total = 0, entries = 0;
        using var tap = new PaxXattrTap(tar);
        using var reader = new TarReader(tap, leaveOpen: true);
        while (NextEntry(reader, tap) is { } entry)
        {
            ct.ThrowIfCancellationRequested();
            var xattrs = tap.NextEntryXattrs();
            if (++entries > limits.MaxEntries) throw new LayerRejectedException($"layer has more than {limits.MaxEntries} entries (tar bomb?)");
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) continue;
            var parts = LayerPath.Split(entry.Name, limits);
            if (parts.Length == 0)
            {
                if (entry.EntryType == TarEntryType.Directory) ApplyMetadata(entry, xattrs, resolver.Root, dirTimes);
                continue;
            }
            string name = parts[^1];
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                ApplyWhiteout(resolver, parts, name);
                continue;
            }
            string parent = resolver.ParentDirectory(parts.AsSpan(0, parts.Length - 1), create: true);
            string path = parent + "/" + name;
            total += entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile ? entry.Length : 0;
            if (total > limits.MaxTotalBytes) throw new LayerRejectedException($"layer unpacks to more than {limits.MaxTotalBytes} bytes (tar bomb?)");
            Create(entry, resolver, path, parts, lowerDirs);
            ApplyMetadata(entry, xattrs, path, dirTimes);
        }
        // Directory times last: creating children changed them.
        for (int i = dirTimes.Count - 1; i >= 0; i--) LibC.SetTimes(dirTimes[i].Path, dirTimes[i].Time, dirTimes[i].Time);
        return total;
    }

    private void ApplyWhiteout(RootedResolver resolver, string[] parts, string name)
    {
        string parent = resolver.ParentDirectory(parts.AsSpan(0, parts.Length - 1), create: true);
        if (name == OpaqueMarker)
        {
            LibC.LSetXattr(parent, OverlayOpaqueXattr, "y"u8);
            return;
        }
        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal)) return; // other AUFS metadata
        string hidden = name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..") throw new LayerRejectedException($"invalid whiteout in layer: {string.Join('/', parts)}");
        string path = parent + "/" + hidden;
        RemoveExisting(path, keepDirectory: false);
        LibC.Mknod(path, 0x2000 /* S_IFCHR */, 0, 0);
    }

    private void Create(TarEntry entry, RootedResolver resolver, string path, string[] parts, Func<IReadOnlyList<string>> lowerDirs)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                RemoveExisting(path, keepDirectory: true);
                if (!Directory.Exists(path)) Directory.CreateDirectory(path);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                RemoveExisting(path, keepDirectory: false);
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
                    entry.DataStream?.CopyTo(file, 1 << 20);
                break;
            case TarEntryType.SymbolicLink:
                RemoveExisting(path, keepDirectory: false);
                File.CreateSymbolicLink(path, entry.LinkName); // stored as text; never followed while unpacking
                break;
            case TarEntryType.HardLink:
                RemoveExisting(path, keepDirectory: false);
                CreateHardLink(entry, resolver, path, lowerDirs);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                var device = (PosixTarEntry)entry;
                bool isWhiteout = entry.EntryType == TarEntryType.CharacterDevice && device.DeviceMajor == 0 && device.DeviceMinor == 0;
                if (!isWhiteout && (parts[0] != "dev" || !IsRoot))
                    throw new LayerRejectedException($"refusing device node outside /dev in layer: {entry.Name}");
                RemoveExisting(path, keepDirectory: false);
                LibC.Mknod(path, entry.EntryType == TarEntryType.CharacterDevice ? 0x2000u : 0x6000u, device.DeviceMajor, device.DeviceMinor);
                break;
            case TarEntryType.Fifo:
                RemoveExisting(path, keepDirectory: false);
                LibC.Mknod(path, 0x1000 /* S_IFIFO */, 0, 0);
                break;
            default:
                throw new LayerRejectedException($"unsupported tar entry type {entry.EntryType} in layer: {entry.Name}");
        }
    }

    private void CreateHardLink(TarEntry entry, RootedResolver resolver, string path, Func<IReadOnlyList<string>> lowerDirs)
    {
        var target = LayerPath.Split(entry.LinkName, limits);
        if (target.Length == 0) throw new LayerRejectedException($"invalid hard link target in layer: {entry.Name} -> {entry.LinkName}");
        string targetParent = TryParent(resolver, target);
        string source = targetParent + "/" + target[^1];
        if (targetParent.Length > 0 && Exists(source))
        {
            if (Directory.Exists(source) && new FileInfo(source).LinkTarget is null)
                throw new LayerRejectedException($"refusing hard link to a directory in layer: {entry.Name}");
            LibC.Link(source, path);
            return;
        }
        // The target lives in a lower layer: copy it up so layers stay independent.
        foreach (var lower in lowerDirs())
        {
            string lowerParent = TryParent(new RootedResolver(lower), target);
            if (lowerParent.Length == 0) continue;
            string candidate = lowerParent + "/" + target[^1];
            if (File.Exists(candidate) && new FileInfo(candidate).LinkTarget is null)
            {
                File.Copy(candidate, path);
                return;
            }
        }
        throw new LayerRejectedException($"hard link target not found in layer: {entry.Name} -> {entry.LinkName}");
    }

    private static string TryParent(RootedResolver resolver, string[] parts)
    {
        try { return resolver.ParentDirectory(parts.AsSpan(0, parts.Length - 1), create: false); }
        catch (DirectoryNotFoundException) { return ""; }
    }

    private static bool Exists(string path) => new FileInfo(path) is { } f && (f.Exists || f.LinkTarget != null || Directory.Exists(path));

    /// <summary>Tar replaces what is there; a directory stays when the new entry is a directory too.</summary>
    private static void RemoveExisting(string path, bool keepDirectory)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists) { File.Delete(path); return; }
        if (Directory.Exists(path) && !keepDirectory) Directory.Delete(path, recursive: true);
    }

    /// <param name="xattrs">The entry's xattrs with their raw bytes (from <see cref="PaxXattrTap"/>).</param>
    private static void ApplyMetadata(TarEntry entry, IReadOnlyDictionary<string, byte[]> xattrs, string path, List<(string, DateTimeOffset)> dirTimes)
    {
        if (IsRoot) LibC.Lchown(path, entry.Uid, entry.Gid);
        bool isLink = entry.EntryType == TarEntryType.SymbolicLink;
        foreach (var (attr, value) in xattrs)
        {
            if (attr.StartsWith("trusted.overlay.", StringComparison.Ordinal)) continue; // only whiteouts make these
            if (isLink && !attr.StartsWith("trusted.", StringComparison.Ordinal)) continue;
            LibC.LSetXattr(path, attr, value);
        }
        if (entry.EntryType == TarEntryType.HardLink) return; // shares the target's inode and metadata
        if (!isLink && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, entry.Mode);
        if (entry.EntryType == TarEntryType.Directory) dirTimes.Add((path, entry.ModificationTime));
        else LibC.SetTimes(path, entry.ModificationTime, entry.ModificationTime);
    }
}
