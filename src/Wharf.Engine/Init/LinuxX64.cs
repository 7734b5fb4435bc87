namespace Wharf.Engine.Init;

/// <summary>The x86-64 Linux ABI numbers the init uses besides system call numbers (those are in
/// <see cref="Wharf.Runtime.Native.Sys"/>): signals, ioctls, asm-generic/errno*.h.</summary>
/// <remarks>A system call takes its number in RAX and arguments in RDI, RSI, RDX, R10, R8, R9; the result (or -errno)
/// comes back in RAX, and the kernel clobbers RCX and R11.</remarks>
internal static class LinuxX64
{

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
