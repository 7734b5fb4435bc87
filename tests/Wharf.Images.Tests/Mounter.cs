using System.Runtime.InteropServices;

namespace Wharf.Images.Tests;

/// <summary>Mounts what the snapshotter describes, as the runtime would, so tests can check the merged view.</summary>
public static partial class Mounter
{
    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string type, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);

    public static void Mount(MountDescription m, string target)
    {
        Directory.CreateDirectory(target);
        if (m.Type != "overlay") throw new NotSupportedException(m.Type);
        if (mount(m.Source, target, "overlay", 0, string.Join(',', m.Options)) != 0)
            throw new IOException($"mount overlay on {target}: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void Unmount(string target)
    {
        if (umount2(target, 0) != 0) throw new IOException($"umount {target}: errno {Marshal.GetLastPInvokeError()}");
    }

    public static bool IsRoot => Environment.UserName == "root";
}
