using Wharf.Oci.Runtime;
using Wharf.Runtime.Containers;
using Wharf.Runtime.Native;
using Wharf.Runtime.Setup;
using Wharf.Runtime.Spawn;
using Wharf.Runtime.Tests.Support;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Tests;

/// <summary>The pure planner: config.json in, the child's ordered syscall plan out. No root needed.</summary>
public sealed class PlanBuilderTests
{
    private const string Bundle = "/b";
    private readonly FakeHost _host = new();

    private static readonly string[] JoinFiles = ["/cg/memory/wharf/c/tasks", "/cg/pids/wharf/c/tasks"];

    private SpawnPlan Plan(Action<Spec>? configure = null, bool park = true, CompiledSeccomp? seccomp = null,
        IReadOnlyList<string>? cgroupJoinFiles = null)
    {
        var spec = DefaultSpec.Create();
        spec.Process!.Terminal = false;
        configure?.Invoke(spec);
        return new ContainerPlanner(_host).Plan(spec, Bundle, seccomp, park, cgroupJoinFiles);
    }

    private static bool IsJoin(PlanStep s, string file)
        => s.Op == PlanOp.WriteFile && s.Args[0] is PlanArg.Text t && t.Value == file
           && s.Args[1] is PlanArg.Bytes { Value: [(byte)'0'] };

    private static int IndexOf(SpawnPlan plan, Func<PlanStep, bool> match)
    {
        var i = plan.Steps.FindIndex(s => match(s));
        Assert.True(i >= 0, "step not found in plan:\n" + string.Join('\n', plan.Steps));
        return i;
    }

    private static bool IsMount(PlanStep s, string target) => s.Nr == Sys.Mount && s.Op == PlanOp.Syscall && s.Args[1] is PlanArg.Text t && t.Value == target;

    [Fact]
    public void CloneFlagsComeFromTheNamespacesAndCgroupIsUnsharedLater()
    {
        var plan = Plan();
        Assert.Equal(CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS, plan.CloneFlags);
        Assert.Contains(plan.Steps, s => s.Nr == Sys.Unshare && s.Args[0] is PlanArg.Literal { Value: (long)CLONE_NEWCGROUP });
    }

    [Fact]
    public void HandshakeComesFirstAndExecLast()
    {
        var plan = Plan();
        Assert.Equal(PlanOp.Notify, plan.Steps[0].Op);
        Assert.Equal(new PlanArg.Literal((long)ChildStatus.Hello), plan.Steps[0].Args[0]);
        Assert.Equal(PlanOp.WaitParent, plan.Steps[2].Op);
        var exec = plan.Steps[^1];
        Assert.Equal(Sys.Execve, exec.Nr);
        Assert.Equal(new PlanArg.Register(ProcessPlanner.ExecutableRegister), exec.Args[0]);
        Assert.Equal(["sh"], ((PlanArg.TextArray)exec.Args[1]).Values);
    }

    [Fact]
    public void WithJoinFilesTheChildJoinsItsCgroupsFirstAndNeedsNoHandshake()
    {
        var run = Plan(park: false, cgroupJoinFiles: JoinFiles);
        Assert.True(IsJoin(run.Steps[0], JoinFiles[0]));
        Assert.True(IsJoin(run.Steps[1], JoinFiles[1]));
        Assert.True(run.JoinsCgroupItself);
        Assert.DoesNotContain(run.Steps, s => s.Op is PlanOp.WaitParent or PlanOp.Notify);
        // The cgroup namespace is made after the joins, so its root is the container's cgroup.
        Assert.True(IndexOf(run, s => s.Nr == Sys.Unshare) > 1);
        Assert.False(run.NeedsSupervisor); // `run` clones on the calling thread
        Assert.True(Plan(park: true, cgroupJoinFiles: JoinFiles).NeedsSupervisor); // `create` parks on the fifo
    }

    [Fact]
    public void AUserNamespaceKeepsTheHandshakeBecauseItsRootCannotWriteHostCgroupFiles()
    {
        var plan = Plan(s => s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" }), park: false, cgroupJoinFiles: JoinFiles);
        Assert.False(plan.JoinsCgroupItself);
        Assert.DoesNotContain(plan.Steps, s => s.Op == PlanOp.WriteFile && s.Args[0] is PlanArg.Text t && t.Value.EndsWith("/tasks"));
        Assert.Equal(PlanOp.WaitParent, plan.Steps[2].Op);
        Assert.True(plan.NeedsSupervisor);
    }

    [Fact]
    public void EachDirectoryIsMadeOnceUntilAMountHidesWhatWasBelowIt()
    {
        _host.CgroupHierarchies = [new("cpu", "cpu", []), new("memory", "memory", []), new("pids", "pids", [])];
        var plan = Plan();
        int Mkdirs(string path) => plan.Steps.Count(s => s.Nr == Sys.Mkdir && s.Op == PlanOp.Syscall && s.Args[0] is PlanArg.Text t && t.Value == path);
        // /sys/fs/cgroup holds one mount per hierarchy: its parents are made once, not once per hierarchy.
        Assert.Equal(1, Mkdirs("/b/rootfs/sys/fs/cgroup"));
        // /dev gets a tmpfs, which hides anything made below it before; /dev/pts is made after that mount.
        var devMount = IndexOf(plan, s => IsMount(s, "/b/rootfs/dev"));
        var ptsMkdir = IndexOf(plan, s => s.Nr == Sys.Mkdir && s.Args[0] is PlanArg.Text { Value: "/b/rootfs/dev/pts" });
        Assert.True(ptsMkdir > devMount);
        var w = new StepWriter(new SpawnPlan());
        w.MkdirAll("/r", "/r/a/b");
        w.MkdirAll("/r", "/r/a/b/c");
        w.Mount("tmpfs", "/r/a", "tmpfs", 0, null);
        w.MkdirAll("/r", "/r/a/b");
        Assert.Equal(["/r/a", "/r/a/b", "/r/a/b/c", "/r/a/b"],
            w.Plan.Steps.Where(s => s.Nr == Sys.Mkdir).Select(s => ((PlanArg.Text)s.Args[0]).Value));
    }

    [Fact]
    public void MountsHappenUnderTheRootfsBeforePivotRootAndMasksAfter()
    {
        var plan = Plan();
        var proc = IndexOf(plan, s => IsMount(s, "/b/rootfs/proc"));
        var sys = IndexOf(plan, s => IsMount(s, "/b/rootfs/sys"));
        var pivot = IndexOf(plan, s => s.Nr == Sys.PivotRoot);
        var mask = IndexOf(plan, s => IsMount(s, "/proc/kcore"));
        var readonlyRoot = IndexOf(plan, s => IsMount(s, "/") && s.Args[3] is PlanArg.Literal l && (l.Value & MS_REMOUNT) != 0);
        Assert.True(proc < sys && sys < pivot && pivot < mask && mask < readonlyRoot);
        Assert.Equal(new PlanArg.Literal(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY), plan.Steps[sys].Args[3]);
        Assert.Equal(Sys.Umount2, plan.Steps[pivot + 1].Nr);
        // A masked file gets /dev/null; on ENOTDIR the next step, a read-only tmpfs, is the alternative.
        Assert.Equal(ErrnoNames.ENOTDIR, plan.Steps[mask].FallbackErrno);
        Assert.Equal(1, plan.Steps[mask].SkipOnSuccess);
        Assert.Equal(new PlanArg.Text("tmpfs"), plan.Steps[mask + 1].Args[2]);
    }

    [Fact]
    public void AMaskedDirectoryOnTheHostTriesTheTmpfsFirst()
    {
        _host.Directories.Add("/proc/acpi");
        var plan = Plan();
        var acpi = IndexOf(plan, s => IsMount(s, "/proc/acpi"));
        // The host's procfs has a directory there: the empty tmpfs first, /dev/null only if that answers ENOTDIR.
        Assert.Equal(new PlanArg.Text("tmpfs"), plan.Steps[acpi].Args[2]);
        Assert.Equal(ErrnoNames.ENOTDIR, plan.Steps[acpi].FallbackErrno);
        Assert.Equal(ErrnoNames.ENOENT, plan.Steps[acpi].IgnoreErrno);
        Assert.Equal(1, plan.Steps[acpi].SkipOnSuccess);
        Assert.Equal(new PlanArg.Text("/dev/null"), plan.Steps[acpi + 1].Args[0]);
        Assert.Equal(new PlanArg.Literal(MS_BIND), plan.Steps[acpi + 1].Args[3]);
        // A path the host has no directory for keeps /dev/null first.
        var keys = IndexOf(plan, s => IsMount(s, "/proc/keys"));
        Assert.Equal(new PlanArg.Text("/dev/null"), plan.Steps[keys].Args[0]);
    }

    [Fact]
    public void BindMountWithReadOnlyNeedsARemount()
    {
        var plan = Plan(s => s.Mounts!.Add(new Mount { Destination = "/data", Source = "/host/data", Options = ["rbind", "ro", "rprivate"] }));
        var bind = IndexOf(plan, s => IsMount(s, "/b/rootfs/data") && s.Args[0] is PlanArg.Text { Value: "/host/data" });
        Assert.Equal(new PlanArg.Literal(MS_BIND | MS_REC), plan.Steps[bind].Args[3]);
        Assert.Equal(new PlanArg.Literal(MS_BIND | MS_REMOUNT | MS_RDONLY), plan.Steps[bind + 1].Args[3]);
        Assert.Equal(new PlanArg.Literal(MS_PRIVATE | MS_REC), plan.Steps[bind + 2].Args[3]);
        Assert.Contains(plan.Steps, s => s.Nr == Sys.Mkdir && s.Args[0] is PlanArg.Text { Value: "/b/rootfs/data" });
    }

    [Fact]
    public void FileBindSourceGetsAFileToMountOver()
    {
        var plan = Plan(s => s.Mounts!.Add(new Mount { Destination = "/etc/hosts", Source = "/host/file", Type = "bind", Options = ["bind"] }));
        var touch = IndexOf(plan, s => s.Nr == Sys.Mknod && s.Args[0] is PlanArg.Text { Value: "/b/rootfs/etc/hosts" });
        Assert.Equal(new PlanArg.Literal(0x8000 | 0x1a4), plan.Steps[touch].Args[1]);
        Assert.True(IsMount(plan.Steps[touch + 1], "/b/rootfs/etc/hosts"));
    }

    [Fact]
    public void MissingBindSourceIsAConfigError()
    {
        var e = Assert.Throws<ContainerException>(() => Plan(s => s.Mounts!.Add(new Mount { Destination = "/x", Source = "/nope", Type = "bind" })));
        Assert.Contains("bind source /nope for /x: no such file or directory", e.Message);
    }

    [Fact]
    public void CapabilitiesDropTheBoundingSetAndCapsetAfterTheUserSwitch()
    {
        var plan = Plan(s => s.Process!.User = new User { Uid = 5, Gid = 6, AdditionalGids = [7] });
        var drops = plan.Steps.Where(s => s.Nr == Sys.Prctl && s.Args[0] is PlanArg.Literal { Value: PR_CAPBSET_DROP }).ToList();
        Assert.Equal(41 - 3, drops.Count); // 0..40 minus AUDIT_WRITE, KILL, NET_BIND_SERVICE
        var setuid = IndexOf(plan, s => s.Nr == Sys.Setresuid);
        var capset = IndexOf(plan, s => s.Nr == Sys.Capset);
        var groups = IndexOf(plan, s => s.Nr == Sys.Setgroups);
        Assert.True(groups < setuid && setuid < capset);
        Assert.Equal(new PlanArg.Literal(5), plan.Steps[setuid].Args[0]);
        var data = ((PlanArg.Bytes)plan.Steps[capset].Args[1]).Value;
        Assert.Equal(0x20000420u, BitConverter.ToUInt32(data, 0)); // effective, low word
    }

    [Fact]
    public void CreateParksOnTheFifoAfterPrivilegesDropAndRunDoesNot()
    {
        var parked = Plan(park: true);
        var notify = IndexOf(parked, s => s.Op == PlanOp.Notify && s.Args[0] is PlanArg.Literal { Value: (long)ChildStatus.Parked });
        Assert.Equal(Sys.Openat, parked.Steps[notify + 1].Nr);
        Assert.True(IndexOf(parked, s => s.Nr == Sys.Capset) < notify);
        Assert.True(parked.ParksBeforeExec);
        Assert.DoesNotContain(Plan(park: false).Steps, s => s.Nr == Sys.Openat);
    }

    [Fact]
    public void SeccompGoesLastWithNoNewPrivsAndFirstWithout()
    {
        var filter = new CompiledSeccomp(new byte[16], 0);
        var nnp = Plan(seccomp: filter);
        Assert.True(IndexOf(nnp, s => s.Nr == Sys.Seccomp) > IndexOf(nnp, s => s.Nr == Sys.Openat));
        var plain = Plan(s => s.Process!.NoNewPrivileges = false, seccomp: filter);
        Assert.True(IndexOf(plain, s => s.Nr == Sys.Seccomp) < IndexOf(plain, s => s.Nr == Sys.Setresuid));
    }

    [Fact]
    public void ProgramIsSearchedInPath()
    {
        var plan = Plan(s => { s.Process!.Args = ["ls"]; s.Process.Env = ["PATH=/usr/bin:/bin"]; });
        var find = plan.Steps[plan.FindExecutableStep];
        Assert.Equal(PlanOp.FindExecutable, find.Op);
        Assert.Equal(["/usr/bin/ls", "/bin/ls"], ((PlanArg.TextArray)find.Args[0]).Values);
    }

    [Fact]
    public void TerminalSendsTheMasterAndBindsConsole()
    {
        var plan = Plan(s => s.Process!.Terminal = true);
        Assert.True(plan.NeedsConsoleSocket);
        var send = IndexOf(plan, s => s.Op == PlanOp.SendFd);
        Assert.True(IndexOf(plan, s => s.Nr == Sys.PivotRoot) < send);
        Assert.Contains(plan.Steps, s => IsMount(s, "/dev/console") && s.Args[0] is PlanArg.FdPath);
        Assert.Contains(plan.Steps, s => s.Nr == Sys.Setsid);
    }

    [Fact]
    public void BadConfigValuesAreNamed()
    {
        Assert.Contains("unknown namespace type \"bogus\"",
            Assert.Throws<ContainerException>(() => Plan(s => s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "bogus" }))).Message);
        Assert.Contains("process.cwd \"rel\" must be an absolute path",
            Assert.Throws<ContainerException>(() => Plan(s => s.Process!.Cwd = "rel")).Message);
        Assert.Contains("unknown rlimit type \"RLIMIT_X\"",
            Assert.Throws<ContainerException>(() => Plan(s => s.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_X" }])).Message);
        Assert.Contains("unknown capability",
            Assert.ThrowsAny<Exception>(() => Plan(s => s.Process!.Capabilities!.Bounding = ["CAP_FOO"])).Message);
    }

    [Fact]
    public void ExecJoinsTheInitsNamespaces()
    {
        var spec = DefaultSpec.Create();
        var plan = new ExecPlanner(_host).Plan(spec.Linux, 4242, new Oci.Runtime.Process { Args = ["true"] }, null);
        Assert.Equal(0UL, plan.CloneFlags);
        Assert.Equal("/proc/4242/ns/mnt", plan.JoinMountNs);
        Assert.Contains(("/proc/4242/ns/pid", (int)CLONE_NEWPID), plan.ThreadNamespaces);
        Assert.Contains(("/proc/4242/ns/net", (int)CLONE_NEWNET), plan.ThreadNamespaces);
        Assert.Contains(plan.Steps, s => s.Nr == Sys.Setns && s.Args[0] is PlanArg.Fd { Which: SpawnFd.MountNs });
    }
}
