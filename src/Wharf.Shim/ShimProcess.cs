namespace Wharf.Shim;

/// <summary>Detaching the shim from wharfd's stdio so it can outlive the daemon.</summary>
internal static class ShimProcess
{
    /// <summary>Points stdin at /dev/null and stderr at <paramref name="errorLog"/>; with
    /// <paramref name="stdinAndStderrOnly"/> false, stdout too (after the ready line was written).</summary>
    public static void RedirectStdio(bool stdinAndStderrOnly, string? errorLog)
    {
        int devnull = ShimNative.open("/dev/null", ShimNative.O_RDWR, 0);
        if (devnull < 0) return;
        if (stdinAndStderrOnly)
        {
            ShimNative.dup2(devnull, 0);
            int log = errorLog is null ? -1 : ShimNative.open(errorLog, ShimNative.O_WRONLY | ShimNative.O_CREAT | ShimNative.O_APPEND, 0x180 /* 0600 */);
            ShimNative.dup2(log >= 0 ? log : devnull, 2);
            if (log >= 0) ShimNative.close(log);
        }
        else ShimNative.dup2(devnull, 1);
        ShimNative.close(devnull);
    }
}
