using Microsoft.Win32.SafeHandles;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>One cgroup version's way of doing what <see cref="CgroupManager"/> offers.</summary>
internal interface ICgroupBackend
{
    IReadOnlyDictionary<string, string> Paths { get; }
    void Create();
    void Apply(LinuxResources resources, bool includeDevices);
    void AddProcess(int pid);
    IReadOnlyList<string> SelfJoinFiles { get; }
    SafeFileHandle? OpenDirectory();
    IReadOnlyList<string> V1TaskFiles { get; }
    SafeFileHandle? OpenUnifiedDirectory();
    void SetFrozen(bool frozen, TimeSpan timeout);
    bool IsFrozen { get; }
    IReadOnlyList<int> Pids();
    CgroupStats Stats();
    void KillAll(int signal);
    void Destroy(TimeSpan timeout);
}
