namespace Wharf.Runtime.Spawn;

/// <summary>One argument of a plan step, in managed form; <see cref="PlanImage"/> lays it out in unmanaged memory.</summary>
public abstract record PlanArg
{
    public static readonly PlanArg Null = new Literal(0);

    public static implicit operator PlanArg(long value) => new Literal(value);
    public static implicit operator PlanArg(string value) => new Text(value);

    /// <summary>A number passed as is.</summary>
    public sealed record Literal(long Value) : PlanArg;

    /// <summary>A NUL-terminated UTF-8 string; the step gets its address.</summary>
    public sealed record Text(string Value) : PlanArg;

    /// <summary>A raw byte buffer (a struct the kernel reads); the step gets its address.</summary>
    public sealed record Bytes(byte[] Value) : PlanArg
    {
        public override string ToString() => $"Bytes[{Value.Length}]";
    }

    /// <summary>A NULL-terminated array of strings (argv, envp, candidate paths).</summary>
    public sealed record TextArray(IReadOnlyList<string> Values) : PlanArg
    {
        public override string ToString() => $"[{string.Join(", ", Values)}]";
    }

    /// <summary>The value a previous step stored in register <paramref name="Index"/>.</summary>
    public sealed record Register(int Index) : PlanArg;

    /// <summary>A file descriptor the spawner opens (status pipe, console socket, …), known only at spawn time.</summary>
    public sealed record Fd(SpawnFd Which) : PlanArg;

    /// <summary>"/proc/self/fd/N" for a spawn-time descriptor: a path that names an open file (the pty slave).</summary>
    public sealed record FdPath(SpawnFd Which) : PlanArg;

    /// <summary>A seccomp BPF program; the step gets the address of its <c>struct sock_fprog</c>.</summary>
    public sealed record Filter(byte[] Program) : PlanArg
    {
        public override string ToString() => $"Filter[{Program.Length / 8} instructions]";
    }
}

/// <summary>Descriptors the spawner provides to the child; the pure plan names them symbolically.</summary>
public enum SpawnFd
{
    Status,
    Sync,
    SyncWrite,
    ConsoleSocket,
    StateDir,
    /// <summary>Two free descriptor numbers reserved by the parent, for the pty master and slave.</summary>
    ScratchA,
    ScratchB,
    /// <summary>Namespace files to join by path, opened by the parent.</summary>
    MountNs,
    UserNs,
}
