using System.Runtime.InteropServices;
using System.Text;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Device access control on cgroup v2, which has no devices.allow file: the rules become a
/// BPF_PROG_TYPE_CGROUP_DEVICE program, loaded with bpf(BPF_PROG_LOAD) and attached to the cgroup directory.
/// </summary>
/// <remarks>
/// Attached with BPF_F_ALLOW_MULTI, so programs of parent cgroups still apply. The attachment keeps the program
/// alive; the cgroup's removal releases it. Applying device rules a second time adds a second program, and both
/// must allow an access: <see cref="CgroupManager.Update"/> therefore leaves device rules alone.
/// </remarks>
internal static unsafe partial class V2DeviceFilter
{
    private const int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8;
    private const uint BPF_PROG_TYPE_CGROUP_DEVICE = 15, BPF_CGROUP_DEVICE = 6, BPF_F_ALLOW_MULTI = 2;
    private const long SYS_bpf = 321;
    private const int AttrSize = 128, LogSize = 64 * 1024;

    public static void Attach(string dir, IReadOnlyList<LinuxDeviceCgroup> rules)
    {
        var program = DeviceFilterProgram.Build(DeviceRuleSet.From(rules));
        var progFd = Load(program, dir);
        try
        {
            var cgroupFd = CgroupNative.Open(dir, CgroupNative.O_RDONLY | CgroupNative.O_DIRECTORY | CgroupNative.O_CLOEXEC);
            if (cgroupFd < 0)
                throw SyscallException.FromLastError("open", dir);
            try
            {
                var attr = stackalloc byte[AttrSize];
                new Span<byte>(attr, AttrSize).Clear();
                *(uint*)(attr + 0) = (uint)cgroupFd;            // target_fd
                *(uint*)(attr + 4) = (uint)progFd;              // attach_bpf_fd
                *(uint*)(attr + 8) = BPF_CGROUP_DEVICE;         // attach_type
                *(uint*)(attr + 12) = BPF_F_ALLOW_MULTI;        // attach_flags
                if (Bpf(BPF_PROG_ATTACH, attr, AttrSize) < 0)
                    throw SyscallException.FromLastError("bpf", dir, "BPF_PROG_ATTACH BPF_CGROUP_DEVICE");
            }
            finally
            {
                CgroupNative.Close(cgroupFd);
            }
        }
        finally
        {
            CgroupNative.Close(progFd);
        }
    }

    private static int Load(byte[] program, string dir)
    {
        var license = "Apache-2.0\0"u8.ToArray();
        var name = "wharf_devices\0"u8.ToArray();
        var log = new byte[LogSize];
        fixed (byte* insns = program, lic = license, logBuf = log)
        {
            var attr = stackalloc byte[AttrSize];
            new Span<byte>(attr, AttrSize).Clear();
            *(uint*)(attr + 0) = BPF_PROG_TYPE_CGROUP_DEVICE;  // prog_type
            *(uint*)(attr + 4) = (uint)(program.Length / 8);   // insn_cnt
            *(ulong*)(attr + 8) = (ulong)insns;                // insns
            *(ulong*)(attr + 16) = (ulong)lic;                 // license
            *(uint*)(attr + 24) = 1;                           // log_level
            *(uint*)(attr + 28) = LogSize;                     // log_size
            *(ulong*)(attr + 32) = (ulong)logBuf;              // log_buf
            name.CopyTo(new Span<byte>(attr + 48, 16));        // prog_name
            *(uint*)(attr + 68) = BPF_CGROUP_DEVICE;           // expected_attach_type
            var fd = Bpf(BPF_PROG_LOAD, attr, AttrSize);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                var verifier = Encoding.UTF8.GetString(log).TrimEnd('\0').Trim();
                throw new SyscallException("bpf", dir, errno,
                    "BPF_PROG_LOAD device filter" + (verifier.Length > 0 ? ": " + verifier : ""));
            }
            return (int)fd;
        }
    }

    private static long Bpf(int cmd, byte* attr, int size) => Syscall(SYS_bpf, cmd, attr, size);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int cmd, byte* attr, int size);
}
