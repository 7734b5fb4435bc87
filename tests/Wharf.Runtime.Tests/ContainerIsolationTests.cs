using Wharf.Oci.Runtime;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>What a process sees from inside a container made by wharf-runtime from runc's default config, on either
/// spawn path (vfork, and the unshare fallback selected by WHARF_RUNTIME_SPAWN).</summary>
public sealed class ContainerIsolationTests
{
    private static RuntimeCli.Result RunScript(string spawn, Action<Spec>? configure, string script)
    {
        using var bundle = new BusyboxBundle("sh", "-c", script);
        configure?.Invoke(bundle.Spec);
        using var cli = new RuntimeCli(spawn: spawn);
        return cli.Run("run", RuntimeCli.NewId("iso"), "--bundle", bundle.Write());
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void Pid1IsTheUsersProgramAndHostnameIsSet(string spawn)
    {
        Requires.RootAndBinary();
        var r = RunScript(spawn, s => s.Hostname = "box-one", "echo pid=$$; hostname; cat /proc/1/cmdline | tr '\\0' ' '; echo");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("pid=1", r.Stdout);
        Assert.Contains("box-one", r.Stdout);
        Assert.Contains("sh -c echo pid=$$", r.Stdout);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void RootIsReadOnlyAndTheSpecMountsArePresent(string spawn)
    {
        Requires.RootAndBinary();
        var r = RunScript(spawn, null, "touch /newfile 2>&1; echo ---; cat /proc/mounts; echo ---; touch /dev/shm/ok && echo shm-writable");
        var parts = r.Stdout.Split("---\n");
        Assert.Contains("Read-only file system", parts[0]);
        var mounts = parts[1].Split('\n').Select(l => l.Split(' ')).Where(f => f.Length > 3).ToList();
        Assert.Contains(mounts, f => f[1] == "/" && f[3].StartsWith("ro"));
        Assert.Contains(mounts, f => f[1] == "/proc" && f[2] == "proc");
        Assert.Contains(mounts, f => f[1] == "/dev" && f[2] == "tmpfs" && f[3].Contains("nosuid"));
        Assert.Contains(mounts, f => f[1] == "/dev/pts" && f[2] == "devpts");
        Assert.Contains(mounts, f => f[1] == "/sys" && f[2] == "sysfs" && f[3].StartsWith("ro"));
        Assert.Contains(mounts, f => f[1] == "/proc/sys" && f[3].StartsWith("ro"));
        Assert.Contains("shm-writable", parts[2]);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void MaskedPathsShowNothing(string spawn)
    {
        Requires.RootAndBinary();
        // This kernel may lack /proc/kcore (CONFIG_PROC_KCORE): then it must simply stay absent.
        var r = RunScript(spawn, null,
            "echo keys=$(wc -c < /proc/keys); ls /sys/firmware | wc -l; " +
            "if [ -e /proc/kcore ]; then echo kcore=$(head -c 16 /proc/kcore | wc -c); else echo kcore=absent; fi; " +
            "touch /proc/acpi/x 2>&1 | grep -q Read-only && echo acpi-ro");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal("keys=0", lines[0].Trim());
        Assert.Equal("0", lines[1].Trim());
        Assert.True(lines[2] is "kcore=0" or "kcore=absent", r.ToString());
        Assert.Contains("acpi-ro", r.Stdout);
        Assert.True(File.ReadAllText("/proc/keys").Length > 0, "the host's /proc/keys is not empty, so the mask is what hid it");
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void CapabilitiesAreReducedToTheConfiguredSets(string spawn)
    {
        Requires.RootAndBinary();
        var r = RunScript(spawn, null, "grep -E '^Cap(Eff|Prm|Bnd|Inh)' /proc/self/status");
        // runc's default: AUDIT_WRITE(29), KILL(5), NET_BIND_SERVICE(10).
        Assert.Contains("CapEff:\t0000000020000420", r.Stdout);
        Assert.Contains("CapPrm:\t0000000020000420", r.Stdout);
        Assert.Contains("CapBnd:\t0000000020000420", r.Stdout);
        Assert.Contains("CapInh:\t0000000000000000", r.Stdout);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void UserSwitchSetsUidGidAndGroups(string spawn)
    {
        Requires.RootAndBinary();
        var r = RunScript(spawn, s =>
        {
            s.Process!.User = new User { Uid = 1000, Gid = 1001, AdditionalGids = [2000, 2001], Umask = 0x3f };
            s.Process.Cwd = "/tmp";
        }, "id; umask; pwd; grep -E '^(Uid|Gid|Groups)' /proc/self/status");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("uid=1000 gid=1001", r.Stdout);
        Assert.Matches(@"Uid:\s+1000\s+1000\s+1000\s+1000", r.Stdout);
        Assert.Matches(@"Gid:\s+1001\s+1001\s+1001\s+1001", r.Stdout);
        Assert.Matches(@"Groups:\s+2000 2001", r.Stdout);
        Assert.Contains("0077", r.Stdout);
        Assert.Contains("/tmp", r.Stdout);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void RlimitsOomScoreAndSysctlAreApplied(string spawn)
    {
        Requires.RootAndBinary();
        var r = RunScript(spawn, s =>
        {
            s.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 321, Hard = 654 }];
            s.Process.OomScoreAdj = 123;
            s.Linux!.ReadonlyPaths = [];
            s.Linux.Sysctl = new() { ["net.ipv4.ip_forward"] = "1" };
        }, "ulimit -n; ulimit -Hn; cat /proc/self/oom_score_adj; cat /proc/sys/net/ipv4/ip_forward");
        Assert.Equal(["321", "654", "123", "1"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void BindMountsHonourReadOnlyAndDevicesAreCreated(string spawn)
    {
        Requires.RootAndBinary();
        var shared = Directory.CreateTempSubdirectory("wharf-rt-bind-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(shared, "hello"), "from-host");
            var r = RunScript(spawn, s =>
            {
                s.Mounts!.Add(new Mount { Destination = "/data", Type = "bind", Source = shared, Options = ["rbind", "ro"] });
                s.Linux!.Devices = [new LinuxDevice { Path = "/dev/mydev", Type = "c", Major = 1, Minor = 3, FileMode = 0x1b6 }];
            }, "cat /data/hello; echo; touch /data/x 2>&1; ls -l /dev/null /dev/mydev; echo z > /dev/mydev && echo mydev-ok");
            Assert.Contains("from-host", r.Stdout);
            Assert.Contains("Read-only file system", r.Stdout);
            Assert.Matches(@"crw-rw-rw-\s+1 root\s+root\s+1,\s+3 .* /dev/mydev", r.Stdout);
            Assert.Contains("mydev-ok", r.Stdout);
            Assert.False(File.Exists(Path.Combine(shared, "x")));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }
}
