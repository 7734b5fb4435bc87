using Wharf.Oci.Runtime;
using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>
/// Turns a validated config.json into the container init's spawn plan. Pure: reads the host only through
/// <see cref="IHostView"/>. Order follows runc: namespaces, mounts under the rootfs, devices, hooks,
/// pivot_root, terminal, masked and read-only paths, sysctl, read-only root, hostname, then the process.
/// </summary>
public sealed class ContainerPlanner(IHostView host)
{
    /// <param name="cgroupJoinFiles">When given (<see cref="Cgroups.CgroupManager.SelfJoinFiles"/>), the child moves
    /// itself into its cgroup first thing, so no handshake is needed; without it, or with a user namespace (whose
    /// root cannot write the host's cgroup files), the child waits for the parent to place it.</param>
    public SpawnPlan Plan(Spec spec, string bundle, CompiledSeccomp? seccomp, bool parkOnFifo,
        IReadOnlyList<string>? cgroupJoinFiles = null)
    {
        var linux = spec.Linux ?? new Linux();
        var process = spec.Process ?? throw new ContainerException("config.json: process is required");
        var rootfs = RootfsPath(spec, bundle);

        ulong cloneFlags = 0;
        var threadNamespaces = new List<(string, int)>();
        string? joinMount = null;
        foreach (var ns in linux.Namespaces ?? [])
        {
            var flag = NamespaceFlags.Of(ns.Type);
            if (string.IsNullOrEmpty(ns.Path))
            {
                if (flag != CLONE_NEWCGROUP) cloneFlags |= flag; // unshared later, once in its cgroup
            }
            else if (flag == CLONE_NEWNS)
                joinMount = ns.Path;
            else if (flag == CLONE_NEWUSER)
                throw new ContainerException("linux.namespaces: joining a user namespace by path is not supported");
            else
                threadNamespaces.Add((ns.Path, (int)flag));
        }
        var newCgroupNs = linux.Namespaces?.Any(n => n.Type == "cgroup" && string.IsNullOrEmpty(n.Path)) == true;
        var userNs = (cloneFlags & CLONE_NEWUSER) != 0;
        var newMountNs = (cloneFlags & CLONE_NEWNS) != 0;

        var plan = new SpawnPlan { CloneFlags = cloneFlags, ThreadNamespaces = threadNamespaces, JoinMountNs = joinMount };
        var w = new StepWriter(plan);
        if (userNs || cgroupJoinFiles is null)
            w.Handshake();
        else
        {
            foreach (var file in cgroupJoinFiles)
                w.JoinCgroup(file);
            plan.JoinsCgroupItself = true;
        }
        if (userNs)
        {
            w.Syscall(Sys.Setresgid, "setresgid", "0 in the user namespace", 0, 0, 0);
            w.Syscall(Sys.Setresuid, "setresuid", "0 in the user namespace", 0, 0, 0);
        }
        if (joinMount is not null)
            w.Syscall(Sys.Setns, "setns", joinMount, new PlanArg.Fd(SpawnFd.MountNs), (long)CLONE_NEWNS);
        if (newCgroupNs)
            w.Syscall(Sys.Unshare, "unshare", "cgroup namespace", (long)CLONE_NEWCGROUP);
        w.Syscall(Sys.Umask, "umask", null, 0);

        if (newMountNs)
            PlanRootfs(w, spec, linux, bundle, rootfs, newCgroupNs);
        else if (joinMount is null && (spec.Mounts?.Count ?? 0) > 0)
            throw new ContainerException("config.json: mounts need a new mount namespace (linux.namespaces \"mount\")");
        else if (HasHooks(spec.Hooks))
            PlanHooksPoint(w);

        if (process.Terminal == true)
            TerminalPlanner.Plan(w, process.ConsoleSize, bindConsole: newMountNs);
        if (newMountNs)
            PlanFinishRootfs(w, spec, linux, rootfs);

        if (!string.IsNullOrEmpty(spec.Hostname))
            w.Syscall(Sys.Sethostname, "sethostname", spec.Hostname, spec.Hostname, System.Text.Encoding.UTF8.GetByteCount(spec.Hostname));
        if (!string.IsNullOrEmpty(spec.Domainname))
            w.Syscall(Sys.Setdomainname, "setdomainname", spec.Domainname, spec.Domainname, System.Text.Encoding.UTF8.GetByteCount(spec.Domainname));

        new ProcessPlanner(w, host).Plan(process, seccomp, parkOnFifo, userNs);
        return plan;
    }

    public static string RootfsPath(Spec spec, string bundle)
    {
        var root = spec.Root?.Path;
        if (string.IsNullOrEmpty(root))
            throw new ContainerException("config.json: root.path is required");
        return Path.GetFullPath(Path.IsPathRooted(root) ? root : Path.Combine(bundle, root));
    }

    /// <summary>
    /// A file gets /dev/null bound over it, a directory an empty read-only tmpfs; the other is the fallback on ENOTDIR.
    /// The first try follows the host's procfs and sysfs (the same kernel's) or the rootfs, because the two failures
    /// differ in cost: a bind that fails has cloned a mount already, and dropping it waits for an expedited RCU grace
    /// period (up to 4 ms per masked directory under load), where a tmpfs that fails is only released.
    /// </summary>
    private void PlanMask(StepWriter w, string path, string rootfs)
    {
        var hostSide = path.StartsWith("/proc/", StringComparison.Ordinal) || path.StartsWith("/sys/", StringComparison.Ordinal)
            ? path
            : host.ResolveInRoot(rootfs, path);
        var bindNull = PlanStep.Sys(Sys.Mount, "mount", $"/dev/null on {path} (mask)", "/dev/null", path, PlanArg.Null,
            MS_BIND, PlanArg.Null);
        var emptyTmpfs = PlanStep.Sys(Sys.Mount, "mount", $"tmpfs on {path} (mask)", "tmpfs", path, "tmpfs", MS_RDONLY,
            PlanArg.Null);
        var (first, second) = host.IsDirectory(hostSide) ? (emptyTmpfs, bindNull) : (bindNull, emptyTmpfs);
        w.Add(first with { IgnoreErrno = ErrnoNames.ENOENT, SkipOnIgnore = 1, FallbackErrno = ErrnoNames.ENOTDIR, SkipOnSuccess = 1 });
        w.Add(second);
    }

    private static bool HasHooks(Hooks? hooks)
        => hooks is not null && ((hooks.Prestart?.Count ?? 0) > 0 || (hooks.CreateRuntime?.Count ?? 0) > 0);

    private static void PlanHooksPoint(StepWriter w)
    {
        w.Plan.HasHooksPoint = true;
        w.Notify(ChildStatus.HooksPoint);
        w.WaitParent();
    }

    private void PlanRootfs(StepWriter w, Spec spec, Linux linux, string bundle, string rootfs, bool newCgroupNs)
    {
        var propagation = MountOptions.RootPropagation(linux.RootfsPropagation);
        // Cut propagation to the host (private, as crun; slave when rootfsPropagation asks); shared is applied after pivot_root.
        var hostFlags = propagation is { } p && (p & MS_SLAVE) != 0 ? MS_SLAVE | MS_REC : MS_PRIVATE | MS_REC;
        w.Mount(null, "/", null, hostFlags, null, "/ (make it a slave of the host)");
        w.Mount(rootfs, rootfs, "bind", MS_BIND | MS_REC, null, $"{rootfs} on itself (bind)");

        var mounts = new MountPlanner(w, host, rootfs, bundle, newCgroupNs);
        foreach (var mount in spec.Mounts ?? [])
            mounts.Plan(mount);
        var devIsHostBind = spec.Mounts?.Any(m => m.Destination == "/dev" && MountOptions.Parse(m.Options, m.Type).Bind) == true;
        if (!devIsHostBind)
            new DevicePlanner(w, host, rootfs).Plan(linux.Devices);
        if (HasHooks(spec.Hooks))
            PlanHooksPoint(w);

        // pivot_root(".", ".") stacks the old root on the new one; unmounting "." then drops it.
        w.Chdir(rootfs);
        w.Syscall(Sys.PivotRoot, "pivot_root", rootfs, ".", ".");
        w.Syscall(Sys.Umount2, "umount2", "the old root", ".", MNT_DETACH);
        w.Chdir("/");
        if (propagation is { } rootPropagation)
            w.Mount(null, "/", null, rootPropagation, null, $"/ (rootfsPropagation {linux.RootfsPropagation})");
    }

    /// <summary>Steps after pivot_root that see container paths: masks, read-only paths, sysctl, read-only root.</summary>
    private void PlanFinishRootfs(StepWriter w, Spec spec, Linux linux, string rootfs)
    {
        foreach (var path in linux.MaskedPaths ?? [])
            PlanMask(w, path, rootfs);
        foreach (var path in linux.ReadonlyPaths ?? [])
        {
            w.Add(PlanStep.Sys(Sys.Mount, "mount", $"{path} on itself (read-only bind)", path, path, PlanArg.Null,
                MS_BIND | MS_REC, PlanArg.Null) with { IgnoreErrno = ErrnoNames.ENOENT, SkipOnIgnore = 1 });
            var keep = path.StartsWith("/proc", StringComparison.Ordinal) || path.StartsWith("/sys", StringComparison.Ordinal)
                ? MS_NOSUID | MS_NODEV | MS_NOEXEC : 0;
            w.Mount(path, path, null, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, null, $"read-only remount of {path}");
        }
        foreach (var (key, value) in linux.Sysctl ?? [])
        {
            if (key.Length == 0 || key.Contains("..") || key.Contains('/'))
                throw new ContainerException($"linux.sysctl: invalid key \"{key}\"");
            w.WriteFile("/proc/sys/" + key.Replace('.', '/'), value);
        }
        if (spec.Root?.Readonly == true)
            w.Mount(null, "/", null, MS_BIND | MS_REMOUNT | MS_RDONLY, null, "/ (read-only remount)");
    }
}
