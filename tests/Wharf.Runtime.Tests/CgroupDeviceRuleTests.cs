using Wharf.Oci.Runtime;
using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

public class CgroupDeviceRuleTests
{
    [Fact]
    public void FormatsRulesForDevicesAllowAndDeny()
    {
        Assert.Equal("a", DeviceRule.Format(new LinuxDeviceCgroup { Allow = false, Access = "rwm" }));
        Assert.Equal("c 1:3 rwm", DeviceRule.Format(new LinuxDeviceCgroup { Type = "c", Major = 1, Minor = 3 }));
        Assert.Equal("c *:* m", DeviceRule.Format(new LinuxDeviceCgroup { Type = "c", Access = "m" }));
        Assert.Equal("b 8:* r", DeviceRule.Format(new LinuxDeviceCgroup { Type = "b", Major = 8, Minor = -1, Access = "r" }));
    }

    [Theory]
    [InlineData("x", "rwm")]
    [InlineData("c", "rwx")]
    [InlineData("c", "rr")]
    public void RejectsBadTypesAndAccess(string type, string access)
        => Assert.Throws<ArgumentException>(() => DeviceRule.Format(new LinuxDeviceCgroup { Type = type, Major = 1, Minor = 1, Access = access }));
}
