using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;
using Wharf.Runtime.Seccomp;
using static Wharf.Runtime.Tests.SeccompBpfInterpreter;

namespace Wharf.Runtime.Tests;

public class SeccompDockerProfileTests
{
    private const uint Eperm = SeccompActions.Errno | 1;
    private const uint GetPid = 39, Socket = 41, Clone = 56, Personality = 135, Mount = 165, Unshare = 272, Clone3 = 435;
    private const ulong CloneNewns = 0x20000, CloneNewuser = 0x10000000, CloneThreadFlags = 0x3d0f00;

    private static byte[] Compiled(params string[] extraCaps)
        => SeccompCompiler.Compile(DockerDefaultProfile.Create([.. CapabilityNames.DockerDefaults, .. extraCaps]));

    [Fact]
    public void DefaultProfileIsAnAllowlistOverEperm()
    {
        var profile = DockerDefaultProfile.Create();
        Assert.Equal("SCMP_ACT_ERRNO", profile.DefaultAction);
        Assert.Equal(1u, profile.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], profile.Architectures);

        var program = SeccompCompiler.Compile(profile);
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, GetPid));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchI386, 20));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 0x40000000 | GetPid));
        Assert.Equal(SeccompActions.KillThread, Run(program, AuditArchAarch64, GetPid));
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 158));   // arch_prctl: amd64 only
    }

    [Fact]
    public void PrivilegedSyscallsNeedTheirCapabilities()
    {
        var plain = Compiled();
        Assert.Equal(Eperm, Run(plain, AuditArchX86_64, Mount));
        Assert.Equal(Eperm, Run(plain, AuditArchX86_64, Unshare));
        Assert.Equal(Eperm, Run(plain, AuditArchX86_64, 169));                     // reboot
        Assert.Equal(SeccompActions.Allow, Run(plain, AuditArchX86_64, 161));      // chroot: CAP_SYS_CHROOT is a default

        var admin = Compiled("CAP_SYS_ADMIN");
        Assert.Equal(SeccompActions.Allow, Run(admin, AuditArchX86_64, Mount));
        Assert.Equal(SeccompActions.Allow, Run(admin, AuditArchX86_64, Unshare));
        Assert.Equal(SeccompActions.Allow, Run(admin, AuditArchX86_64, Clone, CloneNewns));
        Assert.Equal(SeccompActions.Allow, Run(admin, AuditArchX86_64, Clone3));
    }

    [Fact]
    public void CloneMayNotCreateNamespacesWithoutSysAdmin()
    {
        var program = Compiled();
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, Clone, CloneThreadFlags));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Clone, CloneThreadFlags | CloneNewns));
        Assert.Equal(Eperm, Run(program, AuditArchX86_64, Clone, CloneNewuser));
        // clone3 hides its flags from the filter, so it is answered ENOSYS and libc falls back to clone.
        Assert.Equal(SeccompActions.Errno | 38, Run(program, AuditArchX86_64, Clone3));
    }

    [Theory]
    [InlineData(1UL, true)]
    [InlineData(2UL, true)]
    [InlineData(10UL, true)]
    [InlineData(37UL, true)]
    [InlineData(38UL, false)]   // AF_ALG
    [InlineData(39UL, true)]
    [InlineData(40UL, false)]   // AF_VSOCK
    [InlineData(41UL, true)]
    public void SocketFamiliesFollowDocker(ulong family, bool allowed)
        => Assert.Equal(allowed ? SeccompActions.Allow : Eperm, Run(Compiled(), AuditArchX86_64, Socket, family));

    [Theory]
    [InlineData(0x0UL, true)]
    [InlineData(0x8UL, true)]
    [InlineData(0x20000UL, true)]
    [InlineData(0x20008UL, true)]
    [InlineData(0xffffffffUL, true)]
    [InlineData(0x1UL, false)]
    [InlineData(0x0040000UL, false)]   // ADDR_NO_RANDOMIZE
    public void PersonalityOnlyAllowsHarmlessPersonas(ulong persona, bool allowed)
        => Assert.Equal(allowed ? SeccompActions.Allow : Eperm, Run(Compiled(), AuditArchX86_64, Personality, persona));

    [Fact]
    public void DockerJsonRoundTripsThroughTheLoader()
    {
        var json = SeccompProfileLoader.ToDockerJson(DockerDefaultProfile.Profile());
        var fromFile = SeccompProfileLoader.FromDockerJson(json);
        Assert.Equal(SeccompCompiler.Compile(DockerDefaultProfile.Create()), SeccompCompiler.Compile(fromFile));
        Assert.Contains("\"archMap\"", json);
        Assert.Contains("\"includes\"", json);
    }

    [Fact]
    public void LoaderResolvesIncludesExcludesAndTheLegacyNameField()
    {
        const string json = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "architectures": ["SCMP_ARCH_X86_64"],
          "flags": ["SECCOMP_FILTER_FLAG_LOG"],
          "syscalls": [
            { "name": "getpid", "action": "SCMP_ACT_ALLOW" },
            { "names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_ADMIN"] } },
            { "names": ["unshare"], "action": "SCMP_ACT_ALLOW", "excludes": { "caps": ["CAP_NET_RAW"] } },
            { "names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": { "arches": ["arm64"] } },
            { "names": ["reboot"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "99.0" } },
            { "names": ["sync"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "3.10" } },
            { "names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [ { "index": 0, "value": 1, "op": "SCMP_CMP_EQ" } ] }
          ]
        }
        """;
        var withNetRaw = SeccompProfileLoader.FromDockerJson(json, ["CAP_NET_RAW"]);
        Assert.Equal(["getpid", "sync", "socket"], withNetRaw.Syscalls!.SelectMany(s => s.Names));
        Assert.Equal(SeccompCompiler.FlagLog, SeccompCompiler.Flags(withNetRaw));
        Assert.Equal(SeccompArgsOf(withNetRaw, "socket"), (0u, 1UL, "SCMP_CMP_EQ"));

        var admin = SeccompProfileLoader.FromDockerJson(json, ["sys_admin"]);
        Assert.Equal(["getpid", "mount", "unshare", "sync", "socket"], admin.Syscalls!.SelectMany(s => s.Names));
    }

    [Fact]
    public void LoaderRejectsMalformedProfiles()
    {
        var e = Assert.Throws<ArgumentException>(() => SeccompProfileLoader.FromDockerJson("{ not json"));
        Assert.StartsWith("decoding seccomp profile failed", e.Message);
        Assert.Throws<ArgumentException>(() => SeccompProfileLoader.FromDockerJson("""{ "syscalls": [] }"""));
        Assert.Throws<ArgumentException>(() => SeccompProfileLoader.FromDockerJson(
            """{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "action": "SCMP_ACT_ERRNO" } ] }"""));
        Assert.Throws<ArgumentException>(() => SeccompProfileLoader.FromDockerJson(
            """{ "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "archMap": [ { "architecture": "SCMP_ARCH_X86_64" } ] }"""));
    }

    [Fact]
    public void EverySyscallIsDecidedInFewInstructions()
    {
        // A linear scan of the ~370 allowed syscalls would take hundreds of steps for the high numbers.
        var program = Compiled();
        var steps = Enumerable.Range(0, 480).Select(nr => RunCounting(program, AuditArchX86_64, (uint)nr, 0x11).Steps).ToArray();
        Assert.True(steps.Max() < 40, $"worst case {steps.Max()} instructions");
        Assert.Equal(SeccompActions.Allow, Run(program, AuditArchX86_64, 435 - 1));   // 434 pidfd_open
    }

    private static (uint, ulong, string) SeccompArgsOf(LinuxSeccomp profile, string name)
    {
        var arg = profile.Syscalls!.Single(s => s.Names.Contains(name)).Args!.Single();
        return (arg.Index, arg.Value, arg.Op);
    }
}
