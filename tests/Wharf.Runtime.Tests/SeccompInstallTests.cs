using System.Runtime.InteropServices;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Seccomp;

namespace Wharf.Runtime.Tests;

/// <summary>
/// Installs compiled filters in the real kernel. Seccomp filters (and no_new_privs) belong to a thread, so each
/// test installs on a dedicated thread that does nothing else and then ends, and checks that other threads are
/// untouched.
/// </summary>
public partial class SeccompInstallTests
{
    private const int PRIO_PROCESS = 0, PRIO_PGRP = 1;
    private const int EADDRNOTAVAIL = 99, EPERM = 1;

    [Fact]
    public void DeniedSyscallFailsWithTheProfileErrnoOnlyOnTheFilteredThread()
    {
        var profile = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Architectures = ["SCMP_ARCH_X86_64"],
            Syscalls = [new() { Names = ["getpriority"], Action = "SCMP_ACT_ERRNO", ErrnoRet = EADDRNOTAVAIL }],
        };
        var program = SeccompCompiler.Compile(profile);

        var (filtered, errno) = CapabilityAndSeccompThread.Run(() =>
        {
            SeccompInstaller.Install(program, SeccompCompiler.Flags(profile));
            return CallGetPriority(PRIO_PROCESS);
        });
        Assert.Equal((-1, EADDRNOTAVAIL), (filtered, errno));

        // This thread (and the process) has no filter.
        var (result, _) = CallGetPriority(PRIO_PROCESS);
        Assert.NotEqual(-1, result);
    }

    [Fact]
    public void ArgumentConditionsAreEnforcedByTheKernel()
    {
        var profile = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls =
            [
                new()
                {
                    Names = ["getpriority"], Action = "SCMP_ACT_ERRNO",
                    Args = [new() { Index = 0, Op = "SCMP_CMP_EQ", Value = PRIO_PGRP }],
                },
            ],
        };
        var program = SeccompCompiler.Compile(profile);
        var (byGroup, byProcess) = CapabilityAndSeccompThread.Run(() =>
        {
            SeccompInstaller.Install(program, 0);
            return (CallGetPriority(PRIO_PGRP), CallGetPriority(PRIO_PROCESS));
        });
        Assert.Equal((-1, EPERM), byGroup);
        Assert.NotEqual(-1, byProcess.Result);
    }

    [Fact]
    public void DockerDefaultProfileBlocksUnshareButNotOrdinaryCalls()
    {
        var profile = DockerDefaultProfile.Create();
        var program = SeccompCompiler.Compile(profile);
        var (unshare, pid) = CapabilityAndSeccompThread.Run(() =>
        {
            SeccompInstaller.Install(program, 0);
            var r = Unshare(CLONE_NEWUTS);
            var errno = Marshal.GetLastPInvokeError();
            return ((r, errno), Environment.ProcessId);
        });
        Assert.Equal((-1, EPERM), unshare);
        Assert.Equal(Environment.ProcessId, pid);
    }

    [Fact]
    public void KernelRejectsAMalformedProgramWithAClearError()
    {
        // A lone "ld [1]" is misaligned and never returns: the kernel's checker says EINVAL.
        var bad = new byte[] { 0x20, 0, 0, 0, 1, 0, 0, 0 };
        var e = CapabilityAndSeccompThread.Run(() => Assert.Throws<SyscallException>(() => SeccompInstaller.Install(bad, 0)));
        Assert.Equal(22, e.Errno);
        Assert.StartsWith("seccomp SECCOMP_SET_MODE_FILTER: EINVAL", e.Message);
    }

    private static (int Result, int Errno) CallGetPriority(int which)
    {
        var r = GetPriority(which, 0);
        return (r, r == -1 ? Marshal.GetLastPInvokeError() : 0);
    }

    private const int CLONE_NEWUTS = 0x04000000;

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, uint who);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);
}
