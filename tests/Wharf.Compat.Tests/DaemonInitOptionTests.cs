using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>dockerd's <c>--init</c> (every container gets an init unless it says <c>--init=false</c>) and
/// <c>--init-path</c> (a given static init instead of the generated one), on a wharfd of their own.</summary>
public sealed class DaemonInitOptionTests
{
    private static string Pid1(WharfDaemon d, params string[] runFlags)
    {
        var r = d.Docker(["run", "--rm", .. runFlags, "busybox", "ps", "-o", "pid,args"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("1 ", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void InitByDefaultUnlessTheContainerSaysNo()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        using var d = new WharfDaemon(null, "--init");
        d.ImportBusybox();
        Assert.Equal("1 /sbin/docker-init -- ps -o pid,args", Pid1(d));
        Assert.Equal("1 ps -o pid,args", Pid1(d, "--init=false"));
    }

    [SkippableFact]
    public void InitPathReplacesTheGeneratedInit()
    {
        Skip.IfNot(WharfDaemon.Available, "needs root, the built wharfd and /usr/local/bin/docker");
        string custom;
        using (var first = new WharfDaemon())
        {
            first.ImportBusybox();
            Pid1(first, "--init"); // makes the daemon write its init
            custom = Path.Combine(Path.GetTempPath(), $"custom-init-{Guid.NewGuid():N}");
            File.Copy(Directory.GetFiles(first.Root, "wharf-init", SearchOption.AllDirectories).First(), custom);
        }
        try
        {
            using var d = new WharfDaemon(null, "--init-path", custom);
            d.ImportBusybox();
            var mounts = d.Docker("run", "--rm", "--init", "busybox", "cat", "/proc/self/mountinfo");
            Assert.True(mounts.ExitCode == 0, mounts.ToString());
            // A file bind mount's root field names the file it came from.
            var line = mounts.Stdout.Split('\n').Single(l => l.Split(' ') is { Length: > 4 } f && f[4] == "/sbin/docker-init");
            Assert.Equal(custom, line.Split(' ')[3]);
        }
        finally { File.Delete(custom); }
    }
}
