namespace Wharf.Runtime.Spawn;

/// <summary>
/// One step of the child's plan. <paramref name="Call"/> and <paramref name="Target"/> describe it for errors
/// ("mount", "proc on /…/rootfs/proc"). <paramref name="IgnoreErrno"/> is not a failure (then
/// <paramref name="SkipOnIgnore"/> steps are skipped);
/// <paramref name="FallbackErrno"/> moves on to the next step (an alternative) instead of failing;
/// <paramref name="SkipOnSuccess"/> steps are skipped after success (the alternatives not needed).
/// <paramref name="Blocking"/> marks a call that may wait for long, made with a GC transition.
/// </summary>
public sealed record PlanStep(
    PlanOp Op,
    long Nr,
    IReadOnlyList<PlanArg> Args,
    string Call,
    string? Target,
    int StoreIn = -1,
    int IgnoreErrno = 0,
    int FallbackErrno = 0,
    int SkipOnSuccess = 0,
    int SkipOnIgnore = 0,
    bool Blocking = false)
{
    public static PlanStep Sys(long nr, string call, string? target, params PlanArg[] args)
        => new(PlanOp.Syscall, nr, args, call, target);

    public override string ToString() => $"{Call} {Target} ({Op} {Nr}: {string.Join(", ", Args)})";
}
