using System.Text;
using Wharf.Runtime.Native;
using static Wharf.Runtime.Cgroups.CgroupNative;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Reads and writes cgroup control files with one write(2) per value, as the kernel expects, and turns
/// failures into <see cref="SyscallException"/>s that name the file and errno.
/// </summary>
internal static unsafe class CgroupFile
{
    public static void Write(string dir, string name, string value) => WritePath(Path.Combine(dir, name), value);

    public static void WritePath(string path, string value)
    {
        var fd = OpenForWrite(path);
        try
        {
            WriteValue(fd, path, value);
        }
        finally
        {
            Close(fd);
        }
    }

    public static int OpenForWrite(string path)
    {
        var fd = Open(path, O_WRONLY | O_CLOEXEC);
        return fd >= 0 ? fd : throw SyscallException.FromLastError("open", path);
    }

    /// <summary>One write(2) of <paramref name="value"/>: the kernel takes each write as one value.</summary>
    public static void WriteValue(int fd, string path, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* p = bytes)
        {
            nint n;
            do n = CgroupNative.Write(fd, p, bytes.Length);
            while (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == ErrnoNames.EINTR);
            if (n < 0)
                throw SyscallException.FromLastError("write", path, $"value \"{value}\"");
        }
    }

    public static bool Exists(string dir, string name) => File.Exists(Path.Combine(dir, name));

    public static string Read(string dir, string name) => ReadPath(Path.Combine(dir, name));

    public static string ReadPath(string path) => KernelFile.Read(path);

    /// <summary>The file's text without trailing whitespace, or null when the file does not exist.</summary>
    public static string? TryRead(string dir, string name)
        => KernelFile.TryRead(Path.Combine(dir, name))?.TrimEnd();

    /// <summary>A single-number file; "max" reads as <see cref="ulong.MaxValue"/>; missing files read as null.</summary>
    public static ulong? TryReadNumber(string dir, string name)
    {
        var text = TryRead(dir, name);
        if (text is null)
            return null;
        if (text == "max")
            return ulong.MaxValue;
        // v1 reports "unlimited" as a huge page-aligned number; negative values (-1) also mean none.
        if (long.TryParse(text, out var signed) && signed < 0)
            return ulong.MaxValue;
        return ulong.TryParse(text, out var value)
            ? value
            : throw new InvalidDataException($"{Path.Combine(dir, name)}: expected a number, got \"{text}\"");
    }

    /// <summary>"key value" lines (memory.stat, cpu.stat, cgroup.events) as a dictionary; missing file → empty.</summary>
    public static Dictionary<string, ulong> ReadKeyValues(string dir, string name)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var text = TryRead(dir, name);
        if (text is null)
            return result;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], out var value))
                result[parts[0]] = value;
        }
        return result;
    }

    /// <summary>Process IDs listed one per line in cgroup.procs.</summary>
    public static List<int> ReadPids(string dir)
    {
        var pids = new List<int>();
        var text = TryRead(dir, "cgroup.procs") ?? "";
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(line, out var pid))
                pids.Add(pid);
        return pids;
    }

    /// <summary>mkdir of one level whose parent exists: true when this call made it, false when it was there.</summary>
    public static bool CreateDirectory(string path) => MkdirErrno(path) switch
    {
        0 => true,
        ErrnoNames.EEXIST => false,
        var errno => throw new SyscallException("mkdir", path, errno),
    };

    /// <summary>mkdir -p: the deepest directory first, its parents only when it answers ENOENT (usually they exist).</summary>
    public static void CreateDirectories(string path)
    {
        var errno = MkdirErrno(path);
        if (errno == ErrnoNames.ENOENT && Path.GetDirectoryName(path.TrimEnd('/')) is { Length: > 0 } parent && parent != path)
        {
            CreateDirectories(parent);
            errno = MkdirErrno(path);
        }
        if (errno is not (0 or ErrnoNames.EEXIST))
            throw new SyscallException("mkdir", path, errno);
    }

    /// <summary>mkdir with mode 0755: 0 when made, else the errno.</summary>
    private static int MkdirErrno(string path)
        => Mkdir(path, 0b111_101_101) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
}
