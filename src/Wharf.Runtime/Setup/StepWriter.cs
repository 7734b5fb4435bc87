using System.Text;
using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>Appends the common kinds of step to a plan, each described the way its failure should read.</summary>
public sealed class StepWriter(SpawnPlan plan)
{
    // Directories an earlier mkdir of this plan made (or found), so MkdirAll does not ask again. A mount hides
    // what was below its target, and pivot_root changes what every path means, so those forget.
    private readonly HashSet<string> _made = new(StringComparer.Ordinal);

    public SpawnPlan Plan { get; } = plan;

    public PlanStep Add(PlanStep step)
    {
        if (step.Op == PlanOp.Syscall && step.Nr == Sys.Mount && step.Args.Count > 1 && step.Args[1] is PlanArg.Text target)
            _made.RemoveWhere(dir => dir.StartsWith(target.Value + "/", StringComparison.Ordinal));
        else if (step.Op == PlanOp.Syscall && step.Nr == Sys.PivotRoot)
            _made.Clear();
        return Plan.Add(step);
    }

    public void Syscall(long nr, string call, string? target, params PlanArg[] args)
        => Add(PlanStep.Sys(nr, call, target, args));

    /// <summary>mkdir for every component below <paramref name="root"/> down to <paramref name="path"/> (EEXIST is fine).</summary>
    public void MkdirAll(string root, string path)
    {
        root = root.TrimEnd('/');
        if (!path.StartsWith(root + "/", StringComparison.Ordinal)) return;
        var relative = path[(root.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        foreach (var part in relative)
        {
            current += "/" + part;
            if (!_made.Add(current)) continue;
            Add(PlanStep.Sys(Sys.Mkdir, "mkdir", current, current, 0x1ed /* 0755 */) with { IgnoreErrno = ErrnoNames.EEXIST });
        }
    }

    /// <summary>An empty regular file to bind a file over (mknod S_IFREG needs no privilege).</summary>
    public void Touch(string path)
        => Add(PlanStep.Sys(Sys.Mknod, "mknod", path, path, 0x8000 | 0x1a4 /* S_IFREG | 0644 */, 0) with { IgnoreErrno = ErrnoNames.EEXIST });

    public PlanStep Mount(string? source, string target, string? type, long flags, string? data, string? describe = null)
        => Add(PlanStep.Sys(Sys.Mount, "mount", describe ?? $"{source ?? type ?? "none"} on {target}",
            source is null ? PlanArg.Null : source, target, type is null ? PlanArg.Null : type, flags,
            string.IsNullOrEmpty(data) ? PlanArg.Null : data));

    public void Symlink(string target, string link)
        => Add(PlanStep.Sys(Sys.Symlink, "symlink", $"{link} -> {target}", target, link) with { IgnoreErrno = ErrnoNames.EEXIST });

    public void WriteFile(string path, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        Add(new PlanStep(PlanOp.WriteFile, 0, [path, new PlanArg.Bytes(bytes), bytes.Length], "write", path));
    }

    /// <summary>Moves the child itself into a cgroup: "0" written to a tasks/cgroup.procs file means the writer.</summary>
    public void JoinCgroup(string file)
        => Add(new PlanStep(PlanOp.WriteFile, 0, [file, new PlanArg.Bytes("0"u8.ToArray()), 1], "write", $"0 to {file} (join the cgroup)"));

    public void Notify(ChildStatus status)
        => Add(new PlanStep(PlanOp.Notify, 0, [(long)status], "write", "status pipe"));

    public void WaitParent()
        => Add(new PlanStep(PlanOp.WaitParent, 0, [], "read", "sync pipe"));

    /// <summary>The opening handshake: say hello, drop our copy of the sync pipe's write end, wait for the parent.</summary>
    public void Handshake()
    {
        Notify(ChildStatus.Hello);
        Syscall(Native.Sys.Close, "close", "sync pipe", new PlanArg.Fd(SpawnFd.SyncWrite));
        WaitParent();
    }

    public void Chdir(string path) => Syscall(Sys.Chdir, "chdir", path, path);
}
