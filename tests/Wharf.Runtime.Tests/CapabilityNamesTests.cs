using System.Runtime.InteropServices;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;

namespace Wharf.Runtime.Tests;

public class CapabilityNamesTests
{
    [Fact]
    public void NumbersFollowTheKernelHeaders()
    {
        Assert.Equal(41, CapabilityNames.All.Count);
        Assert.Equal(0, CapabilityNames.Number("CAP_CHOWN"));
        Assert.Equal(21, CapabilityNames.Number("CAP_SYS_ADMIN"));
        Assert.Equal(31, CapabilityNames.Number("CAP_SETFCAP"));
        Assert.Equal(40, CapabilityNames.Number("CAP_CHECKPOINT_RESTORE"));
        Assert.Equal("CAP_NET_RAW", CapabilityNames.Name(13));
        for (var n = 0; n < CapabilityNames.All.Count; n++)
            Assert.Equal(n, CapabilityNames.Number(CapabilityNames.Name(n)));
    }

    [Fact]
    public void DockerDefaultsGiveTheCapEffDockerContainersShow()
    {
        // `grep CapEff /proc/self/status` in a default Docker container prints 00000000a80425fb.
        Assert.Equal(0xa80425fbUL, CapabilityNames.ToMask(CapabilityNames.DockerDefaults));
        Assert.Equal(CapabilityNames.DockerDefaults.Order(), CapabilityNames.FromMask(0xa80425fb).Order());
    }

    [Fact]
    public void UnknownNamesAreRejectedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => CapabilityNames.ToMask(["CAP_CHOWN", "CAP_FOO"]));
        Assert.Equal("unknown capability \"CAP_FOO\"", e.Message);
        Assert.Throws<ArgumentException>(() => CapabilityNames.Number("chown"));
        Assert.Throws<ArgumentOutOfRangeException>(() => CapabilityNames.Name(64));
        Assert.Equal(0UL, CapabilityNames.ToMask(null));
    }

    [Fact]
    public void LastSupportedComesFromTheRunningKernel()
    {
        var expected = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim());
        Assert.Equal(expected, CapabilityNames.LastSupported());
        Assert.Equal(Math.Min(expected, 40) + 1, CapabilityNames.Supported().Count);
    }

    [Theory]
    [InlineData("net_admin", "CAP_NET_ADMIN")]
    [InlineData("CAP_net_Admin", "CAP_NET_ADMIN")]
    [InlineData(" SYS_TIME ", "CAP_SYS_TIME")]
    [InlineData("all", "ALL")]
    public void NormalizeAcceptsDockerSpellings(string input, string expected)
        => Assert.Equal(expected, CapabilityNames.Normalize(input));

    [Fact]
    public void CapsetV3SplitsSixtyFourBitsIntoTwoWords()
    {
        Assert.Equal(8, Marshal.SizeOf<CapUserHeader>());
        Assert.Equal(24, Marshal.SizeOf<CapsetData>());
        Assert.Equal(0x20080522u, CapUserHeader.ForCallingThread.Version);

        var data = CapsetData.From(effective: 1UL << 40 | 1, permitted: 0xFFFF_FFFF_FFFF, inheritable: 1UL << 33);
        Assert.Equal((1u, 0xFFFF_FFFFu, 0u), (data.Low.Effective, data.Low.Permitted, data.Low.Inheritable));
        Assert.Equal((1u << 8, 0xFFFFu, 2u), (data.High.Effective, data.High.Permitted, data.High.Inheritable));
        Assert.Equal(1UL << 40 | 1, data.Effective);
        Assert.Equal(1UL << 33, data.Inheritable);
    }

    [Fact]
    public void MasksListWhatToDropAndRaise()
    {
        var masks = CapabilityMasks.From(new LinuxCapabilities
        {
            Bounding = ["CAP_CHOWN", "CAP_KILL"], Effective = ["CAP_KILL"], Permitted = ["CAP_CHOWN", "CAP_KILL"],
            Ambient = ["CAP_KILL"],
        });
        Assert.Equal(1UL << 5 | 1, masks.Bounding);
        Assert.Equal([5], masks.AmbientToRaise());
        var drops = masks.BoundingToDrop(40);
        Assert.Equal(39, drops.Count);
        Assert.DoesNotContain(0, drops);
        Assert.DoesNotContain(5, drops);
        Assert.Contains(40, drops);
        Assert.Equal(default, CapabilityMasks.From(null));
    }
}
