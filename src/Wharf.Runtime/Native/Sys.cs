namespace Wharf.Runtime.Native;

/// <summary>x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl) used by spawn plans and by the
/// machine code Wharf assembles (the clone3 trampoline, the container init).</summary>
public static class Sys
{
    public const long Read = 0, Write = 1, Open = 2, Close = 3, RtSigprocmask = 14, Ioctl = 16, Access = 21, Dup2 = 33,
        Getpid = 39, Sendmsg = 46, Fork = 57, Execve = 59, Exit = 60, Wait4 = 61, Kill = 62, Chdir = 80, Fchdir = 81,
        Mkdir = 83, Symlink = 88, Chmod = 90, Chown = 92, Umask = 95, Setpgid = 109, Setsid = 112, Setgroups = 116,
        Setresuid = 117, Setresgid = 119, Capset = 126, RtSigtimedwait = 128, Mknod = 133, PivotRoot = 155, Prctl = 157,
        Mount = 165, Umount2 = 166, Sethostname = 170, Setdomainname = 171, ExitGroup = 231, Openat = 257,
        Mkdirat = 258, Faccessat = 269, Unshare = 272, Dup3 = 292, Prlimit64 = 302, Setns = 308, Seccomp = 317,
        Clone3 = 435, CloseRange = 436;
}
