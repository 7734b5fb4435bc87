using Wharf.TestSupport;

namespace Wharf.Runtime.Tests.Support;

/// <summary>Skip conditions for tests that need root, the built binary, or a peer runtime.</summary>
public static class Requires
{
    public static bool IsRoot => Environment.UserName == "root" || geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    public static void RootAndBinary()
    {
        Skip.IfNot(IsRoot, "needs root: creates namespaces, mounts and cgroups");
        Skip.IfNot(File.Exists(RepoPaths.Binary("wharf-runtime")),
            $"wharf-runtime not built at {RepoPaths.Binary("wharf-runtime")} (run ./build.sh or set WHARF_BIN)");
        Skip.IfNot(File.Exists("/bin/busybox"), "needs /bin/busybox (apt-get install busybox-static)");
    }

    public static bool CgroupDirExists(string id)
        => Directory.EnumerateDirectories("/sys/fs/cgroup").Any(c => Directory.Exists(Path.Combine(c, "wharf", id)));
}
