using System.Runtime.InteropServices;

namespace Wharf.Images.Native;

/// <summary>A failed system call, named with the path it acted on and errno, e.g. <c>mknod /x/dev/null: EPERM</c>.</summary>
public sealed class SyscallException : IOException
{
    public string Call { get; }
    public string? TargetPath { get; }
    public int Errno { get; }

    public SyscallException(string call, string? path, int errno)
        : base($"{call} {path}: {ErrnoName(errno)} ({Marshal.GetPInvokeErrorMessage(errno)})")
    {
        Call = call;
        TargetPath = path;
        Errno = errno;
    }

    /// <summary>Throws for the errno of the last P/Invoke (declared with SetLastError).</summary>
    public static SyscallException FromLastError(string call, string? path) => new(call, path, Marshal.GetLastPInvokeError());

    private static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM", 2 => "ENOENT", 5 => "EIO", 9 => "EBADF", 12 => "ENOMEM", 13 => "EACCES", 16 => "EBUSY",
        17 => "EEXIST", 18 => "EXDEV", 20 => "ENOTDIR", 21 => "EISDIR", 22 => "EINVAL", 28 => "ENOSPC", 30 => "EROFS",
        31 => "EMLINK", 36 => "ENAMETOOLONG", 39 => "ENOTEMPTY", 40 => "ELOOP", 61 => "ENODATA", 95 => "EOPNOTSUPP",
        _ => "errno " + errno,
    };
}
