using System.Text;
using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Containers;

namespace Wharf.Runtime.Tests;

/// <summary>
/// The hand-written config.json reader against the source-generated serializer it stands in for: the same
/// document must give the same <see cref="Spec"/> (compared by serializing both), and bad values the same path.
/// </summary>
public sealed class SpecReaderTests
{
    private static string Normalized(Spec? spec) => JsonSerializer.Serialize(spec!, RuntimeJson.Default.Spec);

    private static void AssertReadsLikeTheSerializer(string json)
    {
        var expected = JsonSerializer.Deserialize(json, RuntimeJson.Default.Spec);
        Assert.Equal(Normalized(expected), Normalized(SpecReader.Read(Encoding.UTF8.GetBytes(json))));
    }

    /// <summary>Every property of every type set to a value other than its default.</summary>
    private static Spec EverythingSet() => new()
    {
        OciVersion = "1.2.0", Hostname = "h", Domainname = "d",
        Annotations = new() { ["a"] = "b", ["c"] = "" },
        Root = new Root { Path = "rfs", Readonly = true },
        Process = new Process
        {
            Terminal = true, ConsoleSize = new Box { Height = 24, Width = 80 },
            User = new User { Uid = 1, Gid = 2, Umask = 18, AdditionalGids = [3, 4], Username = "u" },
            Args = ["sh", "-c", "x"], CommandLine = "cmd", Env = ["A=1"], Cwd = "/w",
            Capabilities = new LinuxCapabilities { Bounding = ["CAP_A"], Effective = ["CAP_B"], Inheritable = ["CAP_C"], Permitted = ["CAP_D"], Ambient = ["CAP_E"] },
            Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Hard = ulong.MaxValue, Soft = 1024 }],
            NoNewPrivileges = false, ApparmorProfile = "ap", OomScoreAdj = -500, SelinuxLabel = "sl",
        },
        Mounts =
        [
            new Mount
            {
                Destination = "/d", Type = "bind", Source = "/s", Options = ["rbind", "ro"],
                UidMappings = [new IdMapping { ContainerId = 0, HostId = 1000, Size = 1 }],
                GidMappings = [new IdMapping { ContainerId = 5, HostId = 6, Size = 7 }],
            },
        ],
        Hooks = new Hooks
        {
            Prestart = [new Hook { Path = "/p", Args = ["p", "1"], Env = ["E=1"], Timeout = 5 }],
            CreateRuntime = [new Hook { Path = "/cr" }], CreateContainer = [new Hook { Path = "/cc" }],
            StartContainer = [new Hook { Path = "/sc" }], Poststart = [new Hook { Path = "/ps" }], Poststop = [new Hook { Path = "/pt" }],
        },
        Linux = new Linux
        {
            Namespaces = [new LinuxNamespace { Type = "pid" }, new LinuxNamespace { Type = "network", Path = "/proc/1/ns/net" }],
            UidMappings = [new IdMapping { ContainerId = 0, HostId = 100000, Size = 65536 }],
            GidMappings = [new IdMapping { ContainerId = 1, HostId = 2, Size = 3 }],
            Devices = [new LinuxDevice { Path = "/dev/x", Type = "b", Major = 8, Minor = -1, FileMode = 432, Uid = 9, Gid = 10 }],
            CgroupsPath = "/wharf/x", RootfsPropagation = "rslave", MountLabel = "ml",
            Sysctl = new() { ["net.ipv4.ip_forward"] = "1" },
            MaskedPaths = ["/proc/kcore"], ReadonlyPaths = ["/proc/sys"],
            Resources = new LinuxResources
            {
                Devices = [new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" }],
                Memory = new LinuxMemory
                {
                    Limit = 1, Reservation = 2, Swap = -1, Kernel = 4, KernelTcp = 5, Swappiness = 6,
                    DisableOomKiller = true, UseHierarchy = false, CheckBeforeUpdate = true,
                },
                Cpu = new LinuxCpu
                {
                    Shares = 1, Quota = -1, Burst = 3, Period = 4, RealtimeRuntime = 5, RealtimePeriod = 6,
                    Cpus = "0-1", Mems = "0", Idle = 1,
                },
                Pids = new LinuxPids { Limit = 100 },
                BlockIo = new LinuxBlockIo { Weight = 300, LeafWeight = 10 },
                HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 8 }],
                Unified = new() { ["memory.high"] = "max" },
            },
            Seccomp = new LinuxSeccomp
            {
                DefaultAction = "SCMP_ACT_ERRNO", DefaultErrnoRet = 1, Architectures = ["SCMP_ARCH_X86_64"],
                Flags = ["SECCOMP_FILTER_FLAG_LOG"], ListenerPath = "/l", ListenerMetadata = "m",
                Syscalls =
                [
                    new LinuxSyscall
                    {
                        Names = ["clone"], Action = "SCMP_ACT_ALLOW", ErrnoRet = 38,
                        Args = [new LinuxSeccompArg { Index = 0, Value = 2114060288, ValueTwo = 7, Op = "SCMP_CMP_MASKED_EQ" }],
                    },
                ],
            },
        },
    };

    [Fact]
    public void EveryFieldReadsAsTheSerializerReadsIt()
    {
        var json = Normalized(EverythingSet());
        AssertReadsLikeTheSerializer(json);
        // Not vacuous: the comparison sees a field the reader got wrong.
        var read = SpecReader.Read(Encoding.UTF8.GetBytes(json))!;
        Assert.Equal(7u, read.Linux!.Seccomp!.Syscalls![0].Args![0].ValueTwo);
        Assert.Equal((ushort)10, read.Linux.Resources!.BlockIo!.LeafWeight);
        Assert.Equal(100000u, read.Linux.UidMappings![0].HostId);
    }

    [Fact]
    public void TheDefaultSpecAndHandWrittenConfigsReadTheSame()
    {
        AssertReadsLikeTheSerializer(JsonSerializer.Serialize(DefaultSpec.Create(), RuntimeJson.Indented.Spec));
        AssertReadsLikeTheSerializer("""
            // comments and trailing commas, as the serializer options allow
            {
              "ociVersion": "1.0.2", "unknown": {"nested": [1, {"x": null}]}, "process": {"args": ["sh",], "cwd": "/",
              "user": {"uid": 0, "gid": 0}, "env": null, "terminal": null},
              "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}], "resources": {"memory": {"limit": null}}},
              "annotations": {"k": "v"}, "hostname": null,
            }
            """);
        AssertReadsLikeTheSerializer("{\"ociVersion\": \"x\", \"OciVersion\": \"case matters\", \"hostname\": \"a\", \"hostname\": \"last wins\"}");
    }

    [Theory]
    [InlineData("{\"process\": {\"args\": 5}}", "$.process.args")]
    [InlineData("{\"mounts\": [{\"destination\": \"/a\"}, {\"options\": \"ro\"}]}", "$.mounts[1].options")]
    [InlineData("{\"linux\": {\"resources\": {\"memory\": {\"limit\": \"1g\"}}}}", "$.linux.resources.memory.limit")]
    [InlineData("{\"process\": {\"user\": {\"uid\": -1}}}", "$.process.user.uid")]
    [InlineData("{\"process\": {\"user\": {\"uid\": null}}}", "$.process.user.uid")]
    [InlineData("{\"linux\": {\"resources\": {\"blockIO\": {\"weight\": 70000}}}}", "$.linux.resources.blockIO.weight")]
    [InlineData("{\"annotations\": {\"a\": 1}}", "$.annotations.a")]
    [InlineData("{\"root\": {\"readonly\": \"yes\"}}", "$.root.readonly")]
    public void AValueOfTheWrongKindNamesItsPathLikeTheSerializer(string json, string path)
    {
        var theirs = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, RuntimeJson.Default.Spec));
        var ours = Assert.ThrowsAny<JsonException>(() => SpecReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, theirs.Path);
        Assert.Equal(path, ours.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"ociVersion\": \"1\"")]
    [InlineData("{} {}")]
    [InlineData("{\"ociVersion\": \"1\" \"x\": 1}")]
    public void MalformedJsonIsRefused(string json)
        => Assert.ThrowsAny<JsonException>(() => SpecReader.Read(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void AByteOrderMarkIsTreatedAsTheSerializerTreatsIt()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. "{\"hostname\": \"h\"}"u8];
        Spec? theirs;
        try
        {
            theirs = JsonSerializer.Deserialize(json, RuntimeJson.Default.Spec);
        }
        catch (JsonException)
        {
            Assert.ThrowsAny<JsonException>(() => SpecReader.Read(json));
            return;
        }
        Assert.Equal(Normalized(theirs), Normalized(SpecReader.Read(json)));
    }

    [Fact]
    public void NullIsANullSpec() => Assert.Null(SpecReader.Read("null"u8));
}
