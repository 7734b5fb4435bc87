using Wharf.Runtime.Capabilities;
using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using static Wharf.Runtime.Native.Flags;
using OciProcess = Wharf.Oci.Runtime.Process;

namespace Wharf.Runtime.Setup;

/// <summary>
/// The last stretch before execve, shared by a container's init and by exec: rlimits, cwd, finding the
/// program, the user, capabilities, no_new_privs, seccomp, and (for create) waiting on the exec fifo. The
/// order keeps the user's program from ever running without its limits: seccomp goes last when
/// no_new_privs allows it, otherwise first while CAP_SYS_ADMIN is still held.
/// </summary>
public sealed class ProcessPlanner(StepWriter w, IHostView host)
{
    public const int ExecutableRegister = 7, FifoRegister = 6, ScratchRegister = 5;

    public void Plan(OciProcess process, CompiledSeccomp? seccomp, bool parkOnFifo, bool userNamespace)
    {
        var args = process.Args is { Count: > 0 } a ? a : throw new ContainerException("process.args must not be empty");
        var env = process.Env ?? [];
        if (process.OomScoreAdj is { } oom)
            w.WriteFile("/proc/self/oom_score_adj", oom.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var limit in process.Rlimits ?? [])
        {
            var rlimit = new byte[16];
            BitConverter.TryWriteBytes(rlimit.AsSpan(0), limit.Soft);
            BitConverter.TryWriteBytes(rlimit.AsSpan(8), limit.Hard);
            w.Syscall(Sys.Prlimit64, "prlimit", limit.Type, 0, Rlimits.Resource(limit.Type), new PlanArg.Bytes(rlimit), 0);
        }

        var cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
        if (!cwd.StartsWith('/'))
            throw new ContainerException($"process.cwd \"{cwd}\" must be an absolute path");
        w.Chdir(cwd);
        w.Plan.Program = args[0];
        w.Plan.FindExecutableStep = w.Plan.Steps.Count;
        w.Add(new PlanStep(PlanOp.FindExecutable, 0, [new PlanArg.TextArray(PathSearch.Candidates(args[0], env))],
            "exec", args[0]) with { StoreIn = ExecutableRegister });

        var noNewPrivileges = process.NoNewPrivileges == true;
        if (seccomp is not null && !noNewPrivileges)
            PlanSeccomp(seccomp);
        PlanIdentity(process, userNamespace);
        if (noNewPrivileges)
            w.Syscall(Sys.Prctl, "prctl", "PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        if (parkOnFifo)
            PlanFifoWait();
        if (seccomp is not null && noNewPrivileges)
            PlanSeccomp(seccomp);
        w.Add(PlanStep.Sys(Sys.CloseRange, "close_range", "3..", 3, uint.MaxValue, CLOSE_RANGE_CLOEXEC)
            with { IgnoreErrno = ErrnoNames.ENOSYS });
        w.Syscall(Sys.Execve, "exec", args[0], new PlanArg.Register(ExecutableRegister), new PlanArg.TextArray(args),
            new PlanArg.TextArray(env));
    }

    /// <summary>Bounding set, then the uid/gid switch keeping capabilities, then capset and ambient.</summary>
    private void PlanIdentity(OciProcess process, bool userNamespace)
    {
        var caps = process.Capabilities;
        if (caps is not null)
        {
            var bounding = CapabilityNames.ToMask(caps.Bounding);
            for (var cap = 0; cap <= host.LastCapability; cap++)
                if ((bounding & (1UL << cap)) == 0)
                    w.Add(PlanStep.Sys(Sys.Prctl, "prctl", $"PR_CAPBSET_DROP {CapabilityNames.Name(cap)}", PR_CAPBSET_DROP, cap, 0, 0, 0)
                        with { IgnoreErrno = ErrnoNames.EINVAL });
            w.Syscall(Sys.Prctl, "prctl", "PR_SET_KEEPCAPS", PR_SET_KEEPCAPS, 1, 0, 0, 0);
        }

        var user = process.User;
        if (!userNamespace || user.AdditionalGids is { Count: > 0 })
        {
            var gids = user.AdditionalGids ?? [];
            var list = new byte[Math.Max(4, gids.Count * 4)];
            for (var i = 0; i < gids.Count; i++) BitConverter.TryWriteBytes(list.AsSpan(i * 4), gids[i]);
            w.Syscall(Sys.Setgroups, "setgroups", string.Join(',', gids), gids.Count, new PlanArg.Bytes(list));
        }
        w.Syscall(Sys.Setresgid, "setresgid", user.Gid.ToString(), user.Gid, user.Gid, user.Gid);
        w.Syscall(Sys.Setresuid, "setresuid", user.Uid.ToString(), user.Uid, user.Uid, user.Uid);
        w.Syscall(Sys.Umask, "umask", null, user.Umask ?? 0x12); // 0022 unless asked

        if (caps is not null)
        {
            w.Syscall(Sys.Prctl, "prctl", "PR_SET_KEEPCAPS 0", PR_SET_KEEPCAPS, 0, 0, 0, 0);
            var data = CapsetData.From(CapabilityNames.ToMask(caps.Effective), CapabilityNames.ToMask(caps.Permitted),
                CapabilityNames.ToMask(caps.Inheritable));
            w.Syscall(Sys.Capset, "capset", null, new PlanArg.Bytes(CapHeader()), new PlanArg.Bytes(CapData(data)));
            // As runc: an ambient capability the inheritable set lacks (EPERM) is skipped, not fatal.
            foreach (var name in caps.Ambient ?? [])
                w.Add(PlanStep.Sys(Sys.Prctl, "prctl", $"PR_CAP_AMBIENT_RAISE {name}", PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
                    CapabilityNames.Number(name), 0, 0) with { IgnoreErrno = ErrnoNames.EPERM });
        }
    }

    private static byte[] CapHeader()
    {
        var header = new byte[8];
        BitConverter.TryWriteBytes(header.AsSpan(0), CapUserHeader.Version3);
        return header;
    }

    private static byte[] CapData(CapsetData data)
    {
        var bytes = new byte[24];
        uint[] words = [data.Low.Effective, data.Low.Permitted, data.Low.Inheritable,
            data.High.Effective, data.High.Permitted, data.High.Inheritable];
        for (var i = 0; i < words.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), words[i]);
        return bytes;
    }

    /// <summary>Tell the parent we are ready, then block opening exec.fifo until <c>start</c> opens its other end.</summary>
    private void PlanFifoWait()
    {
        w.Plan.ParksBeforeExec = true;
        w.Plan.NeedsStateDir = true;
        w.Notify(ChildStatus.Parked);
        w.Add(PlanStep.Sys(Sys.Openat, "open", "exec.fifo", new PlanArg.Fd(SpawnFd.StateDir), "exec.fifo",
            O_WRONLY | O_CLOEXEC) with { StoreIn = FifoRegister, Blocking = true });
        w.Syscall(Sys.Write, "write", "exec.fifo", new PlanArg.Register(FifoRegister), "0", 1);
    }

    private void PlanSeccomp(CompiledSeccomp seccomp)
        => w.Syscall(Sys.Seccomp, "seccomp", "SECCOMP_SET_MODE_FILTER", SECCOMP_SET_MODE_FILTER, seccomp.Flags,
            new PlanArg.Filter(seccomp.Program));
}
