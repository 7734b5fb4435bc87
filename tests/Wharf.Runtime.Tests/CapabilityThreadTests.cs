using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;

namespace Wharf.Runtime.Tests;

/// <summary>Capabilities belong to a thread: each test changes them on a dedicated thread that then ends.</summary>
public class CapabilityThreadTests
{
    [SkippableFact]
    public void ApplyingDockerDefaultsOnAThreadLeavesOtherThreadsAlone()
    {
        Skip.If(Environment.UserName != "root", "needs root: the thread starts with a full capability set");
        var defaults = CapabilityNames.DockerDefaults.ToList();
        var caps = new LinuxCapabilities
        {
            Bounding = defaults, Effective = defaults, Permitted = defaults, Inheritable = [], Ambient = [],
        };

        var (read, status) = CapabilityAndSeccompThread.Run(() =>
        {
            ThreadCapabilities.Apply(CapabilityMasks.From(caps));
            return (ThreadCapabilities.Read(), File.ReadAllText("/proc/thread-self/status"));
        });

        Assert.Equal(0xa80425fbUL, read.Effective);
        Assert.Equal(0xa80425fbUL, read.Permitted);
        Assert.Contains("CapEff:\t00000000a80425fb", status);
        Assert.Contains("CapBnd:\t00000000a80425fb", status);

        // The test thread still has everything.
        var mine = ThreadCapabilities.Read();
        Assert.True((mine.Effective & (1UL << CapabilityNames.Number("CAP_SYS_ADMIN"))) != 0);
    }

    [SkippableFact]
    public void AmbientCapabilitiesAreRaised()
    {
        Skip.If(Environment.UserName != "root", "needs root");
        string[] set = ["CAP_KILL", "CAP_CHOWN"];
        var caps = new LinuxCapabilities
        {
            Bounding = [.. set], Effective = [.. set], Permitted = [.. set], Inheritable = [.. set], Ambient = ["CAP_KILL"],
        };
        var status = CapabilityAndSeccompThread.Run(() =>
        {
            ThreadCapabilities.Apply(CapabilityMasks.From(caps));
            return File.ReadAllText("/proc/thread-self/status");
        });
        Assert.Contains("CapAmb:\t0000000000000020", status);
        Assert.Contains("CapInh:\t0000000000000021", status);
    }
}
