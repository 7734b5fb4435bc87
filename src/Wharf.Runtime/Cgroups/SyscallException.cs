using System.Runtime.InteropServices;

namespace Wharf.Runtime;

/// <summary>
/// A failed system call: names the call, the path or object it acted on, and errno, and reads like
/// <c>write /sys/fs/cgroup/pids/wharf/x/pids.max: EINVAL (Invalid argument)</c>.
/// </summary>
public sealed class SyscallException : IOException
{
    public SyscallException(string call, string? target, int errno, string? detail = null)
        : base(Format(call, target, errno, detail))
    {
        Call = call;
        Target = target;
        Errno = errno;
        HResult = errno;
    }

    public string Call { get; }
    public string? Target { get; }
    public int Errno { get; }

    /// <summary>Throws for the errno the last <c>SetLastError = true</c> P/Invoke left behind.</summary>
    public static SyscallException FromLastError(string call, string? target = null, string? detail = null)
        => new(call, target, Marshal.GetLastPInvokeError(), detail);

    private static string Format(string call, string? target, int errno, string? detail)
    {
        var what = target is null ? call : $"{call} {target}";
        var extra = detail is null ? "" : $" ({detail})";
        return $"{what}: {ErrnoNames.Name(errno)} ({Marshal.GetPInvokeErrorMessage(errno)}){extra}";
    }
}
