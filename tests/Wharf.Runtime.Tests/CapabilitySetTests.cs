using Wharf.Runtime.Capabilities;

namespace Wharf.Runtime.Tests;

public class CapabilitySetTests
{
    private static readonly IReadOnlyList<string> Kernel = CapabilityNames.All;

    private static IReadOnlyList<string> Resolve(string[]? add, string[]? drop, bool privileged = false)
        => CapabilitySet.Resolve(add, drop, privileged, null, () => Kernel);

    [Fact]
    public void NoChangesGiveDockerDefaults()
        => Assert.Equal(CapabilityNames.DockerDefaults, Resolve(null, null));

    [Fact]
    public void DropsApplyToDefaultsAndAddsAreAppended()
    {
        var caps = Resolve(["net_admin", "CAP_SYS_TIME"], ["NET_RAW", "cap_mknod"]);
        Assert.DoesNotContain("CAP_NET_RAW", caps);
        Assert.DoesNotContain("CAP_MKNOD", caps);
        Assert.Equal(["CAP_NET_ADMIN", "CAP_SYS_TIME"], caps.TakeLast(2));
        Assert.Equal(CapabilityNames.DockerDefaults.Count, caps.Count);
    }

    [Fact]
    public void AddAllGrantsEverythingButTheDrops()
    {
        var caps = Resolve(["ALL"], ["SYS_ADMIN"]);
        Assert.Equal(Kernel.Count - 1, caps.Count);
        Assert.DoesNotContain("CAP_SYS_ADMIN", caps);
    }

    [Fact]
    public void DropAllKeepsOnlyTheAdds()
        => Assert.Equal(["CAP_CHOWN"], Resolve(["chown"], ["all"]));

    [Fact]
    public void PrivilegedGetsEverySupportedCapability()
    {
        Assert.Equal(Kernel, Resolve(null, ["chown"], privileged: true));
        Assert.Equal(CapabilityNames.Supported(), CapabilitySet.Resolve(null, null, privileged: true));
    }

    [Fact]
    public void AddingADefaultTwiceDoesNotDuplicateIt()
        => Assert.Single(Resolve(["CHOWN"], null), "CAP_CHOWN");

    [Fact]
    public void UnknownAddsAreErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => Resolve(["FOO"], null));
        Assert.Equal("unknown capability \"CAP_FOO\"", e.Message);
    }
}
