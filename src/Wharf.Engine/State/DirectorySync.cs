using System.Runtime.InteropServices;

namespace Wharf.Engine.State;

/// <summary>fsync of a directory (File APIs cannot open one).</summary>
internal static partial class DirectorySync
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)] internal static partial int open(string path, int flags, int mode);
    [LibraryImport("libc", SetLastError = true)] internal static partial int fsync(int fd);
    [LibraryImport("libc", SetLastError = true)] internal static partial int close(int fd);
}
