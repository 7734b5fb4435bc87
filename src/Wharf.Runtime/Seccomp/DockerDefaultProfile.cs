using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// Docker's default seccomp policy as data: an allowlist over an EPERM default, where some syscalls are
/// allowed only on some architectures or with some capabilities. <see cref="Create(IReadOnlyCollection{string})"/>
/// resolves those conditions for one container.
/// </summary>
public static class DockerDefaultProfile
{
    private const string Allow = "SCMP_ACT_ALLOW";
    private const uint EPERM = 1, ENOSYS = 38;

    /// <summary>clone flags that create namespaces (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET).</summary>
    private const ulong NamespaceCloneFlags = 0x7E020000;

    /// <summary>The profile for a container with Docker's default capabilities.</summary>
    public static LinuxSeccomp Create() => Create(CapabilityNames.DockerDefaults);

    public static LinuxSeccomp Create(IReadOnlyCollection<string> effectiveCaps)
        => DockerProfileResolver.Resolve(Profile(), effectiveCaps);

    /// <summary>The unresolved profile, as <c>docker info</c>'s default would print it.</summary>
    public static DockerSeccompProfile Profile() => new()
    {
        DefaultAction = "SCMP_ACT_ERRNO",
        DefaultErrnoRet = EPERM,
        ArchMap =
        [
            new() { Architecture = "SCMP_ARCH_X86_64", SubArchitectures = ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
            new() { Architecture = "SCMP_ARCH_AARCH64", SubArchitectures = ["SCMP_ARCH_ARM"] },
            new() { Architecture = "SCMP_ARCH_MIPS64", SubArchitectures = ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"] },
            new() { Architecture = "SCMP_ARCH_MIPS64N32", SubArchitectures = ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64"] },
            new() { Architecture = "SCMP_ARCH_MIPSEL64", SubArchitectures = ["SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64N32"] },
            new() { Architecture = "SCMP_ARCH_MIPSEL64N32", SubArchitectures = ["SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64"] },
            new() { Architecture = "SCMP_ARCH_S390X", SubArchitectures = ["SCMP_ARCH_S390"] },
            new() { Architecture = "SCMP_ARCH_RISCV64" },
            new() { Architecture = "SCMP_ARCH_LOONGARCH64" },
        ],
        Syscalls =
        [
            Rule(AlwaysAllowed),
            Rule(["process_vm_readv", "process_vm_writev", "ptrace"], includes: new() { MinKernel = "4.8" }),
            // socket: every address family except AF_ALG (38) and AF_VSOCK (40).
            Rule(["socket"], args: [Arg(0, "SCMP_CMP_LT", 38)]),
            Rule(["socket"], args: [Arg(0, "SCMP_CMP_EQ", 39)]),
            Rule(["socket"], args: [Arg(0, "SCMP_CMP_GT", 40)]),
            // personality: only the harmless personas (PER_LINUX, UNAME26, PER_LINUX32, their mix, and the query).
            Rule(["personality"], args: [Arg(0, "SCMP_CMP_EQ", 0x0)]),
            Rule(["personality"], args: [Arg(0, "SCMP_CMP_EQ", 0x8)]),
            Rule(["personality"], args: [Arg(0, "SCMP_CMP_EQ", 0x20000)]),
            Rule(["personality"], args: [Arg(0, "SCMP_CMP_EQ", 0x20008)]),
            Rule(["personality"], args: [Arg(0, "SCMP_CMP_EQ", 0xffffffff)]),
            Rule(["sync_file_range2", "swapcontext"], includes: new() { Arches = ["ppc64le"] }),
            Rule(["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"],
                includes: new() { Arches = ["arm", "arm64"] }),
            Rule(["arch_prctl"], includes: new() { Arches = ["amd64", "x32"] }),
            Rule(["modify_ldt"], includes: new() { Arches = ["amd64", "x32", "x86"] }),
            Rule(["s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"], includes: new() { Arches = ["s390", "s390x"] }),
            Rule(["riscv_flush_icache"], includes: new() { Arches = ["riscv64"] }),
            WithCap("CAP_DAC_READ_SEARCH", "open_by_handle_at"),
            WithCap("CAP_SYS_ADMIN",
                "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
                "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mount", "mount_setattr", "move_mount",
                "open_tree", "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns",
                "syslog", "umount", "umount2", "unshare"),
            // Without CAP_SYS_ADMIN, clone may not create namespaces (flags are the first argument, except on s390).
            Rule(["clone"], args: [Masked(0, NamespaceCloneFlags)],
                excludes: new() { Caps = ["CAP_SYS_ADMIN"], Arches = ["s390", "s390x"] }),
            Rule(["clone"], args: [Masked(1, NamespaceCloneFlags)],
                includes: new() { Arches = ["s390", "s390x"] }, excludes: new() { Caps = ["CAP_SYS_ADMIN"] }),
            // clone3 passes its flags in memory, out of a filter's reach: report ENOSYS so libc falls back to clone.
            Rule(["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS, excludes: new() { Caps = ["CAP_SYS_ADMIN"] }),
            WithCap("CAP_SYS_BOOT", "reboot"),
            WithCap("CAP_SYS_CHROOT", "chroot"),
            WithCap("CAP_SYS_MODULE", "delete_module", "init_module", "finit_module"),
            WithCap("CAP_SYS_PACCT", "acct"),
            WithCap("CAP_SYS_PTRACE", "kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"),
            WithCap("CAP_SYS_RAWIO", "iopl", "ioperm"),
            WithCap("CAP_SYS_TIME", "settimeofday", "stime", "clock_settime", "clock_settime64"),
            WithCap("CAP_SYS_TTY_CONFIG", "vhangup"),
            WithCap("CAP_SYS_NICE", "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"),
            WithCap("CAP_SYSLOG", "syslog"),
            WithCap("CAP_BPF", "bpf"),
            WithCap("CAP_PERFMON", "perf_event_open"),
        ],
    };

    /// <summary>Syscalls every container may make.</summary>
    private static readonly string[] AlwaysAllowed =
    [
            "_llseek", "_newselect", "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "cachestat",
            "capget", "capset", "chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64",
            "clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64", "clock_nanosleep",
            "clock_nanosleep_time64", "close", "close_range", "connect", "copy_file_range", "creat", "dup", "dup2",
            "dup3", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2",
            "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group",
            "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark", "fchdir", "fchmod",
            "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr",
            "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs",
            "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex", "futex_requeue", "futex_time64", "futex_wait",
            "futex_waitv", "futex_wake", "futimesat", "get_robust_list", "get_thread_area", "getcpu", "getcwd",
            "getdents", "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32",
            "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid", "getppid",
            "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit",
            "getrusage", "getsid", "getsockname", "getsockopt", "gettid", "gettimeofday", "getuid", "getuid32",
            "getxattr", "getxattrat", "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch",
            "io_cancel", "io_destroy", "io_getevents", "io_pgetevents", "io_pgetevents_time64", "io_setup",
            "io_submit", "ioctl", "ioprio_get", "ioprio_set", "ipc", "kill", "landlock_add_rule",
            "landlock_create_ruleset", "landlock_restrict_self", "lchown", "lchown32", "lgetxattr", "link", "linkat",
            "listen", "listmount", "listxattr", "listxattrat", "llistxattr", "lremovexattr", "lseek", "lsetxattr",
            "lstat", "lstat64", "madvise", "map_shadow_stack", "membarrier", "memfd_create", "memfd_secret",
            "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock", "mlock2", "mlockall", "mmap", "mmap2",
            "mprotect", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64",
            "mq_timedsend", "mq_timedsend_time64", "mq_unlink", "mremap", "mseal", "msgctl", "msgget", "msgrcv",
            "msgsnd", "msync", "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep", "newfstatat",
            "open", "openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc",
            "pkey_free", "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2",
            "prlimit64", "process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read",
            "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg", "recvmmsg_time64",
            "recvmsg", "remap_file_pages", "removexattr", "removexattrat", "rename", "renameat", "renameat2",
            "restart_syscall", "riscv_hwprobe", "rmdir", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
            "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
            "rt_tgsigqueueinfo", "sched_get_priority_max", "sched_get_priority_min", "sched_getaffinity",
            "sched_getattr", "sched_getparam", "sched_getscheduler", "sched_rr_get_interval",
            "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr", "sched_setparam",
            "sched_setscheduler", "sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop",
            "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "set_robust_list",
            "set_thread_area", "set_tid_address", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid",
            "setgid32", "setgroups", "setgroups32", "setitimer", "setpgid", "setpriority", "setregid", "setregid32",
            "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setrlimit", "setsid",
            "setsockopt", "setuid", "setuid32", "setxattr", "setxattrat", "shmat", "shmctl", "shmdt", "shmget",
            "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn", "socketcall",
            "socketpair", "splice", "stat", "stat64", "statfs", "statfs64", "statmount", "statx", "symlink",
            "symlinkat", "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create",
            "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
            "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
            "timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask", "uname", "unlink",
            "unlinkat", "uretprobe", "utime", "utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4",
            "waitid", "waitpid", "write", "writev",
    ];

    private static DockerSyscallRule Rule(string[] names, string action = Allow, uint? errnoRet = null,
        List<LinuxSeccompArg>? args = null, DockerRuleFilter? includes = null, DockerRuleFilter? excludes = null)
        => new() { Names = [.. names], Action = action, ErrnoRet = errnoRet, Args = args, Includes = includes, Excludes = excludes };

    private static DockerSyscallRule WithCap(string cap, params string[] names)
        => Rule(names, includes: new() { Caps = [cap] });

    private static LinuxSeccompArg Arg(uint index, string op, ulong value) => new() { Index = index, Op = op, Value = value };

    /// <summary>Passes when none of <paramref name="mask"/>'s bits are set: (arg &amp; mask) == 0.</summary>
    private static LinuxSeccompArg Masked(uint index, ulong mask)
        => new() { Index = index, Op = "SCMP_CMP_MASKED_EQ", Value = mask, ValueTwo = 0 };
}
