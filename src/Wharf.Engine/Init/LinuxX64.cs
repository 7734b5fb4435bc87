namespace Wharf.Engine.Init;

/// <summary>The x86-64 Linux ABI numbers the init uses (arch/x86/entry/syscalls/syscall_64.tbl, asm-generic/errno*.h).</summary>
internal static class LinuxX64
{
    // System calls: number in RAX; arguments in RDI, RSI, RDX, R10, R8, R9; result (or -errno) in RAX;
    // the kernel clobbers RCX and R11.
    public const int SysWrite = 1, SysIoctl = 16, SysRtSigprocmask = 14, SysGetpid = 39, SysFork = 57, SysExecve = 59,
        SysWait4 = 61, SysKill = 62, SysSetpgid = 109, SysRtSigtimedwait = 128, SysPrctl = 157, SysExitGroup = 231;

    public const int SigSetmask = 2, SigsetSize = 8, Sigchld = 17;
    public const int Wnohang = 1;
    public const int PrSetChildSubreaper = 36;
    public const int Tiocspgrp = 0x5410;

    public const int Enoent = 2, Enoexec = 8, Eacces = 13, Enodev = 19, Enotdir = 20, Enametoolong = 36, Etimedout = 110, Estale = 116;

    /// <summary>strerror texts (glibc's wording) for the errors an execve is likely to return.</summary>
    public static readonly IReadOnlyList<(int Errno, string Text)> ExecErrors =
    [
        (1, "Operation not permitted"),
        (Enoent, "No such file or directory"),
        (7, "Argument list too long"),
        (Enoexec, "Exec format error"),
        (12, "Cannot allocate memory"),
        (Eacces, "Permission denied"),
        (14, "Bad address"),
        (Enotdir, "Not a directory"),
        (21, "Is a directory"),
        (22, "Invalid argument"),
        (24, "Too many open files"),
        (26, "Text file busy"),
        (Enametoolong, "File name too long"),
        (40, "Too many levels of symbolic links"),
        (80, "Accessing a corrupted shared library"),
    ];
}
