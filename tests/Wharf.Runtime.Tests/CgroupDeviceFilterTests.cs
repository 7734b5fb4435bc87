using System.Buffers.Binary;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

public class CgroupDeviceFilterTests
{
    /// <summary>The start of the list Docker sends: deny everything, then the usual character devices.</summary>
    private static readonly LinuxDeviceCgroup[] DockerLike =
    [
        new() { Allow = false, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },   // /dev/null
        new() { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "rwm" },   // /dev/zero
        new() { Allow = true, Type = "c", Major = 136, Minor = -1, Access = "rwm" }, // /dev/pts/*
        new() { Allow = true, Type = "c", Access = "m" },                           // mknod any char device
        new() { Allow = true, Type = "b", Access = "m" },
        new() { Allow = false, Type = "c", Major = 1, Minor = 5, Access = "w" },    // then take write on /dev/zero away
    ];

    [Fact]
    public void RulesReduceToADefaultAndExceptions()
    {
        var set = DeviceRuleSet.From(DockerLike);
        Assert.False(set.DefaultAllow);
        Assert.Contains(new DeviceRuleSet.Exception('c', 1, 5, DeviceRuleSet.Mknod | DeviceRuleSet.Read), set.Exceptions);
        Assert.True(set.IsAllowed('c', 1, 3, DeviceRuleSet.Read | DeviceRuleSet.Write));
        Assert.True(set.IsAllowed('c', 1, 5, DeviceRuleSet.Read));
        Assert.False(set.IsAllowed('c', 1, 5, DeviceRuleSet.Write));
        Assert.True(set.IsAllowed('c', 136, 7, DeviceRuleSet.Write));
        Assert.True(set.IsAllowed('c', 10, 200, DeviceRuleSet.Mknod));
        Assert.False(set.IsAllowed('c', 10, 200, DeviceRuleSet.Read));
        Assert.False(set.IsAllowed('b', 8, 0, DeviceRuleSet.Read));
    }

    [Fact]
    public void AnAllowAllRuleResetsToDefaultAllowWithDenyExceptions()
    {
        var set = DeviceRuleSet.From([
            new() { Allow = false }, new() { Allow = true, Type = "c", Major = 1, Minor = 3 },
            new() { Allow = true }, new() { Allow = false, Type = "b", Major = 8, Access = "w" },
        ]);
        Assert.True(set.DefaultAllow);
        Assert.True(set.IsAllowed('b', 8, 1, DeviceRuleSet.Read));
        Assert.False(set.IsAllowed('b', 8, 1, DeviceRuleSet.Read | DeviceRuleSet.Write));
        Assert.True(set.IsAllowed('c', 4, 1, DeviceRuleSet.Write));
    }

    [Fact]
    public void TheBpfProgramDecidesLikeTheRuleSet()
    {
        foreach (var rules in new[] { DockerLike, [new() { Allow = true }, new() { Allow = false, Type = "c", Major = 1, Access = "rw" }], [] })
        {
            var set = DeviceRuleSet.From(rules);
            var program = DeviceFilterProgram.Build(set);
            foreach (var type in new[] { 'b', 'c' })
                foreach (var (major, minor) in new[] { (1L, 3L), (1L, 5L), (1L, 9L), (136L, 0L), (8L, 0L), (10L, 200L) })
                    for (var access = 1; access <= 7; access++)
                        Assert.True(set.IsAllowed(type, major, minor, access) == (Run(program, type, major, minor, access) == 1),
                            $"{type} {major}:{minor} access {access}");
        }
    }

    /// <summary>Runs the handful of eBPF instructions the device filter uses over a bpf_cgroup_dev_ctx.</summary>
    private static long Run(byte[] program, char type, long major, long minor, int access)
    {
        var ctx = new uint[] { (uint)(access << 16 | (type == 'b' ? 1 : 2)), (uint)major, (uint)minor };
        var r = new ulong[11];
        for (var pc = 0; pc < program.Length / 8; pc++)
        {
            var insn = program.AsSpan(pc * 8, 8);
            var (dst, src) = (insn[1] & 0xf, insn[1] >> 4);
            var off = BinaryPrimitives.ReadInt16LittleEndian(insn[2..]);
            var imm = BinaryPrimitives.ReadInt32LittleEndian(insn[4..]);
            Assert.InRange(src, 0, 5);
            switch (insn[0])
            {
                case 0x61: Assert.Equal(1, src); r[dst] = ctx[off / 4]; break;
                case 0xbc: r[dst] = (uint)r[src]; break;
                case 0x54: r[dst] = (uint)r[dst] & (uint)imm; break;
                case 0x74: r[dst] = (uint)r[dst] >> imm; break;
                case 0xb7: r[dst] = (ulong)(long)imm; break;
                case 0x15: if (r[dst] == (ulong)(long)imm) pc += off; break;
                case 0x55: if (r[dst] != (ulong)(long)imm) pc += off; break;
                case 0x95: return (long)r[0];
                default: Assert.Fail($"unexpected eBPF opcode 0x{insn[0]:x}"); break;
            }
        }
        Assert.Fail("eBPF program ran off its end");
        return -1;
    }
}
