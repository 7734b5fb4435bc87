using System.Runtime.InteropServices;

namespace Wharf.Runtime.Capabilities;

/// <summary>
/// Applies <see cref="CapabilityMasks"/> to the calling thread: capabilities are per thread on Linux, so this is
/// only meaningful on a thread that then execs or that is dedicated to the job. Order matters: the bounding set
/// is trimmed while CAP_SETPCAP is still held, then capset, then the ambient set (which needs its capabilities
/// already permitted and inheritable).
/// </summary>
public static unsafe partial class ThreadCapabilities
{
    private const int PR_CAPBSET_DROP = 24, PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_CLEAR_ALL = 4;

    public static void Apply(CapabilityMasks masks)
    {
        foreach (var cap in masks.BoundingToDrop(CapabilityNames.LastSupported()))
            if (Prctl(PR_CAPBSET_DROP, (ulong)cap, 0, 0, 0) != 0)
                throw SyscallException.FromLastError("prctl", $"PR_CAPBSET_DROP {CapabilityNames.Name(cap)}");

        var header = CapUserHeader.ForCallingThread;
        var data = masks.ToCapsetData();
        if (Capset(&header, &data) != 0)
            throw SyscallException.FromLastError("capset", $"effective 0x{masks.Effective:x} permitted 0x{masks.Permitted:x}");

        if (Prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
            throw SyscallException.FromLastError("prctl", "PR_CAP_AMBIENT_CLEAR_ALL");
        foreach (var cap in masks.AmbientToRaise())
            if (Prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (ulong)cap, 0, 0) != 0)
                throw SyscallException.FromLastError("prctl", $"PR_CAP_AMBIENT_RAISE {CapabilityNames.Name(cap)}");
    }

    /// <summary>The calling thread's effective, permitted and inheritable sets.</summary>
    public static CapsetData Read()
    {
        var header = CapUserHeader.ForCallingThread;
        CapsetData data;
        if (Capget(&header, &data) != 0)
            throw SyscallException.FromLastError("capget");
        return data;
    }

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int Capset(CapUserHeader* header, CapsetData* data);

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int Capget(CapUserHeader* header, CapsetData* data);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
