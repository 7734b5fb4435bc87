namespace Wharf.Runtime.Native;

/// <summary>Flag values from the Linux uapi headers that spawn plans pass to the kernel.</summary>
public static class Flags
{
    // clone(2)
    public const ulong CLONE_VM = 0x100, CLONE_VFORK = 0x4000, CLONE_NEWNS = 0x20000, CLONE_PARENT_SETTID = 0x100000,
        CLONE_NEWCGROUP = 0x02000000, CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000,
        CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;
    public const int SIGCHLD = 17;

    // mount(2)
    public const long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16,
        MS_REMOUNT = 32, MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024,
        MS_NODIRATIME = 2048, MS_BIND = 4096, MS_MOVE = 8192, MS_REC = 16384, MS_SILENT = 32768,
        MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20,
        MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;
    public const long MNT_DETACH = 2;

    // open(2)
    public const long O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_NOCTTY = 0x100, O_TRUNC = 0x200,
        O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    public const long AT_FDCWD = -100;

    // prctl(2)
    public const long PR_SET_PDEATHSIG = 1, PR_SET_KEEPCAPS = 8, PR_CAPBSET_DROP = 24, PR_SET_NO_NEW_PRIVS = 38,
        PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_RAISE = 2;

    // tty ioctls
    public const long TIOCSCTTY = 0x540E, TIOCSWINSZ = 0x5414, TIOCSPTLCK = 0x40045431, TIOCGPTPEER = 0x5441;

    // stat mode bits
    public const long S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;

    public const long CLOSE_RANGE_CLOEXEC = 4;
    public const long SECCOMP_SET_MODE_FILTER = 1;
}
