namespace Wharf.Runtime.Seccomp;

/// <summary>SECCOMP_RET_* values (linux/seccomp.h) for the OCI action names.</summary>
public static class SeccompActions
{
    public const uint KillProcess = 0x8000_0000;
    public const uint KillThread = 0x0000_0000;
    public const uint Trap = 0x0003_0000;
    public const uint Errno = 0x0005_0000;
    public const uint UserNotif = 0x7fc0_0000;
    public const uint Trace = 0x7ff0_0000;
    public const uint Log = 0x7ffc_0000;
    public const uint Allow = 0x7fff_0000;
    public const uint DataMask = 0x0000_ffff;

    private const uint EPERM = 1;

    /// <summary>
    /// The filter return value for an action; ERRNO and TRACE carry <paramref name="errnoRet"/> (EPERM when
    /// unset) in their data bits.
    /// </summary>
    public static uint Encode(string action, uint? errnoRet) => action switch
    {
        "SCMP_ACT_ALLOW" => Allow,
        "SCMP_ACT_ERRNO" => Errno | Data(errnoRet ?? EPERM),
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => KillThread,
        "SCMP_ACT_KILL_PROCESS" => KillProcess,
        "SCMP_ACT_TRAP" => Trap,
        "SCMP_ACT_TRACE" => Trace | Data(errnoRet ?? EPERM),
        "SCMP_ACT_LOG" => Log,
        "SCMP_ACT_NOTIFY" => throw new NotSupportedException(
            "seccomp action SCMP_ACT_NOTIFY needs a seccomp agent (listenerPath), which Wharf does not support"),
        _ => throw new ArgumentException($"unknown seccomp action \"{action}\""),
    };

    private static uint Data(uint value)
        => value <= DataMask ? value : throw new ArgumentException($"seccomp errnoRet {value} does not fit in 16 bits");
}
