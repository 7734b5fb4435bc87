namespace Wharf.Runtime.Spawn;

/// <summary>What the vfork child does for one plan step. Everything but <see cref="Syscall"/> is a small
/// fixed routine in <see cref="ChildMain"/> that needs more than one call or a stack buffer.</summary>
public enum PlanOp
{
    /// <summary>syscall(Nr, args…); the result may be kept in a register.</summary>
    Syscall = 0,
    /// <summary>Write a status record (kind = Args[0]) to the status pipe, telling the parent where the child is.</summary>
    Notify = 1,
    /// <summary>Read one byte from the sync pipe: the parent's go-ahead.</summary>
    WaitParent = 2,
    /// <summary>Find the first candidate path (Args[0] = NULL-terminated char**) that is executable; keep it in a register.</summary>
    FindExecutable = 3,
    /// <summary>sendmsg(Args[0] socket, fd Args[1] over SCM_RIGHTS, payload string Args[2]).</summary>
    SendFd = 4,
    /// <summary>open(Args[0]) for writing, write Args[1] (length Args[2]), close: /proc/sys and /proc/self files.</summary>
    WriteFile = 5,
}

/// <summary>Kinds of the 12-byte records the child writes on the status pipe.</summary>
public enum ChildStatus
{
    /// <summary>The child runs; the parent may read its pid and place it in cgroups, then wake it.</summary>
    Hello = 1,
    /// <summary>A step failed: record holds (step index, errno). The child exits next.</summary>
    Failed = 2,
    /// <summary>Mounts are done: the parent runs prestart/createRuntime hooks, then wakes it.</summary>
    HooksPoint = 3,
    /// <summary>Everything is in place; the child now blocks until <c>start</c>.</summary>
    Parked = 4,
}
