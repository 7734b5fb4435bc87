using Wharf.Runtime.Setup;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Tests;

public sealed class MountOptionsTests
{
    [Fact]
    public void FlagsPropagationAndDataAreSeparated()
    {
        var o = MountOptions.Parse(["nosuid", "noexec", "rw", "mode=755", "size=65536k", "rslave", "strictatime"], "tmpfs");
        Assert.Equal(MS_NOSUID | MS_NOEXEC | MS_STRICTATIME, o.Flags);
        Assert.Equal([MS_SLAVE | MS_REC], o.Propagation);
        Assert.Equal("mode=755,size=65536k", o.Data);
        Assert.False(o.Bind);
    }

    [Fact]
    public void LaterOptionsWinAndBindIsDetected()
    {
        var o = MountOptions.Parse(["ro", "rw", "rbind", "nodev"], null);
        Assert.True(o.Bind && o.Recursive);
        Assert.Equal(MS_BIND | MS_REC | MS_NODEV, o.Flags);
        Assert.Equal(MS_NODEV, o.RemountFlags);
    }

    [Fact]
    public void RootPropagationNamesBadValues()
    {
        Assert.Equal(MS_SHARED | MS_REC, MountOptions.RootPropagation("rshared"));
        Assert.Null(MountOptions.RootPropagation(null));
        Assert.Contains("invalid linux.rootfsPropagation \"sideways\"",
            Assert.Throws<ContainerException>(() => MountOptions.RootPropagation("sideways")).Message);
    }
}
