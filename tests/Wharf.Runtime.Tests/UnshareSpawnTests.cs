using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Tests.Support;
using Wharf.TestSupport;

namespace Wharf.Runtime.Tests;

/// <summary>
/// The unshare spawn path (--spawn=unshare, WHARF_RUNTIME_SPAWN=unshare) as such: the switch really selects the
/// NativeAOT second stage, refuses what it cannot do, and never hangs. The container it makes is checked by the
/// scenarios that run under both paths (isolation, lifecycle, exec, terminal, resources, hooks, bad input).
/// </summary>
public sealed class UnshareSpawnTests
{
    private static int Pid(RuntimeCli cli, string id)
        => JsonDocument.Parse(cli.Ok("state", id).Stdout).RootElement.GetProperty("pid").GetInt32();

    private static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    [SkippableFact]
    public void TheParkedProcessIsTheSecondStageAndStartExecsTheProgramInPlace()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sleep", "60");
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("stage");
        cli.Ok("--spawn=unshare", "create", id, "--bundle", bundle.Write());
        var pid = Pid(cli, id);
        // Parked on exec.fifo: wharf-runtime's init-stage, PID 1 of the container.
        Assert.Matches(@"^\S*/wharf-runtime init-stage \d+ \d+$", CommandLine(pid));
        Assert.Matches(@"(?m)^NSpid:\s+\d+\s+1$", File.ReadAllText($"/proc/{pid}/status"));

        cli.Ok("start", id);
        Poll.Until(() => CommandLine(pid) == "sleep 60", "the program to replace the second stage", seconds: 30);
        Assert.Equal(pid, Pid(cli, id));
        cli.Ok("delete", "--force", id);
    }

    [SkippableFact]
    public void TheVforkPathParksNoSecondStage()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sleep", "60");
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("vfork");
        cli.Ok("--spawn=vfork", "create", id, "--bundle", bundle.Write());
        Assert.DoesNotContain("init-stage", CommandLine(Pid(cli, id)));
        cli.Ok("delete", "--force", id);
    }

    /// <summary>Namespaces given by path are joined, not made: pid, network and uts by the spawning thread (setns
    /// before the clone or the unshare), mount by the child itself (the second stage first gets a root and cwd of
    /// its own, which setns into a mount namespace requires of a multi-threaded process).</summary>
    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void NamespacesGivenByPathAreJoined(string spawn)
    {
        Requires.RootAndBinary();
        using var first = new BusyboxBundle("sh", "-c", "echo from-first > /tmp/marker; exec sleep 60");
        first.Spec.Hostname = "first-box";
        first.Spec.Root!.Readonly = false;
        using var second = new BusyboxBundle("sh", "-c", "echo pid=$$; hostname; cat /tmp/marker; readlink /proc/self/ns/net");
        second.Spec.Hostname = null; // a joined uts namespace keeps its name
        using var cli = new RuntimeCli(spawn: spawn);
        var firstId = RuntimeCli.NewId("first");
        cli.Ok("run", "-d", firstId, "--bundle", first.Write());
        Poll.Until(() => File.Exists(Path.Combine(first.Root, "upper/tmp/marker")), "the first container's marker");
        var firstPid = Pid(cli, firstId);
        foreach (var ns in second.Spec.Linux!.Namespaces!)
            ns.Path = ns.Type switch
            {
                "pid" => $"/proc/{firstPid}/ns/pid",
                "network" => $"/proc/{firstPid}/ns/net",
                "uts" => $"/proc/{firstPid}/ns/uts",
                "mount" => $"/proc/{firstPid}/ns/mnt",
                _ => ns.Path,
            };

        var r = cli.Ok("run", RuntimeCli.NewId("second"), "--bundle", second.Write());
        var lines = r.Stdout.Split('\n');
        Assert.Matches(@"^pid=\d+$", lines[0]);
        Assert.NotEqual("pid=1", lines[0]);
        Assert.Equal("first-box", lines[1]);
        Assert.Equal("from-first", lines[2]);
        Assert.Equal(new FileInfo($"/proc/{firstPid}/ns/net").LinkTarget, lines[3]);
        cli.Ok("delete", "--force", firstId);
    }

    [SkippableFact]
    public void UserNamespacesAreRefusedNamingTheSwitchAndNothingIsLeft()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("true");
        bundle.Spec.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" });
        bundle.Spec.Linux.UidMappings = [new IdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }];
        bundle.Spec.Linux.GidMappings = [new IdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }];
        using var cli = new RuntimeCli(spawn: "unshare");
        var id = RuntimeCli.NewId("userns");
        var r = cli.Run("run", id, "--bundle", bundle.Write());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("user namespace", r.Stderr);
        Assert.Contains("--spawn=unshare", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(cli.StateRoot, id)));
        Assert.False(Requires.CgroupDirExists(id));
    }

    [SkippableFact]
    public void AnUnknownSpawnPathIsRefusedFromTheFlagAndFromTheEnvironment()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("true");
        using (var cli = new RuntimeCli())
        {
            var flag = cli.Run("--spawn=fork", "run", RuntimeCli.NewId("bad"), "--bundle", bundle.Write());
            Assert.Equal(1, flag.ExitCode);
            Assert.Contains("--spawn: unknown spawn path \"fork\" (expected vfork or unshare)", flag.Stderr);
        }
        using (var cli = new RuntimeCli(spawn: "clone"))
        {
            var env = cli.Run("run", RuntimeCli.NewId("bad"), "--bundle", bundle.Write());
            Assert.Equal(1, env.ExitCode);
            Assert.Contains("WHARF_RUNTIME_SPAWN: unknown spawn path \"clone\"", env.Stderr);
        }
    }

    [SkippableFact]
    public void HelpDocumentsTheSwitch()
    {
        Requires.RootAndBinary();
        using var help = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(RepoPaths.Binary("wharf-runtime"), "--help") { RedirectStandardError = true })!;
        var text = help.StandardError.ReadToEnd();
        help.WaitForExit();
        Assert.Contains("--spawn vfork|unshare", text);
        Assert.Contains("WHARF_RUNTIME_SPAWN", text);
    }

    /// <summary>
    /// Hundreds of starts through the unshare path (new pid, uts, ipc and mount namespaces each) in the NativeAOT
    /// runtime while two threads allocate and force collections: none may hang. WHARF_UNSHARE_STRESS_STARTS changes
    /// the count; 300 take about 10 s here, well under a minute on a loaded two-core machine.
    /// </summary>
    [SkippableFact]
    public void HundredsOfUnshareStartsUnderGcPressureNeverHang()
    {
        Requires.RootAndBinary();
        var starts = int.TryParse(Environment.GetEnvironmentVariable("WHARF_UNSHARE_STRESS_STARTS"), out var n) ? n : 300;
        SpawnStressRun.AssertNoHangs(starts, "--spawn=unshare");
    }
}
