using System.Text.Json;
using Wharf.Oci;
using Wharf.Oci.Image;
using Wharf.Oci.Runtime;

namespace Wharf.Oci.Tests;

public sealed class SpecJsonTests
{
    [Fact]
    public void Runtime_spec_uses_the_spec_key_names()
    {
        var spec = new Spec
        {
            Process = new Process { Args = ["/bin/sh"], NoNewPrivileges = true, OomScoreAdj = 5 },
            Linux = new Linux
            {
                UidMappings = [new IdMapping { ContainerId = 0, HostId = 1000, Size = 1 }],
                Resources = new LinuxResources
                {
                    Memory = new LinuxMemory { Limit = 1 << 20, DisableOomKiller = true, KernelTcp = 1 },
                    BlockIo = new LinuxBlockIo { Weight = 10 },
                },
            },
        };
        string json = JsonSerializer.Serialize(spec, OciJson.Default.Spec);
        using var doc = JsonDocument.Parse(json);
        var linux = doc.RootElement.GetProperty("linux");
        Assert.Equal(1000u, linux.GetProperty("uidMappings")[0].GetProperty("hostID").GetUInt32());
        Assert.Equal(0u, linux.GetProperty("uidMappings")[0].GetProperty("containerID").GetUInt32());
        var memory = linux.GetProperty("resources").GetProperty("memory");
        Assert.True(memory.GetProperty("disableOOMKiller").GetBoolean());
        Assert.Equal(1, memory.GetProperty("kernelTCP").GetInt64());
        Assert.Equal(10, linux.GetProperty("resources").GetProperty("blockIO").GetProperty("weight").GetInt32());
        Assert.True(doc.RootElement.GetProperty("process").GetProperty("noNewPrivileges").GetBoolean());
        Assert.False(doc.RootElement.TryGetProperty("hostname", out _)); // nulls are left out
    }

    [Fact]
    public void Runc_style_config_reads_back()
    {
        const string json = """
        {
          "ociVersion": "1.0.2-dev",
          "process": { "terminal": true, "user": { "uid": 0, "gid": 0 }, "args": ["sh"],
                       "env": ["PATH=/bin"], "cwd": "/",
                       "capabilities": { "bounding": ["CAP_KILL"], "effective": ["CAP_KILL"] },
                       "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ] },
          "root": { "path": "rootfs", "readonly": true },
          "hostname": "runc",
          "mounts": [ { "destination": "/proc", "type": "proc", "source": "proc" } ],
          "linux": { "namespaces": [ { "type": "pid" }, { "type": "network", "path": "/proc/1/ns/net" } ],
                     "maskedPaths": ["/proc/kcore"],
                     "seccomp": { "defaultAction": "SCMP_ACT_ERRNO", "syscalls": [ { "names": ["read"], "action": "SCMP_ACT_ALLOW",
                                  "args": [ { "index": 0, "value": 1, "op": "SCMP_CMP_EQ" } ] } ] } }
        }
        """;
        var spec = JsonSerializer.Deserialize(json, OciJson.Default.Spec)!;
        Assert.True(spec.Process!.Terminal);
        Assert.Equal(1024ul, spec.Process.Rlimits![0].Hard);
        Assert.True(spec.Root!.Readonly);
        Assert.Equal("/proc/1/ns/net", spec.Linux!.Namespaces![1].Path);
        Assert.Equal("SCMP_CMP_EQ", spec.Linux.Seccomp!.Syscalls![0].Args![0].Op);
    }

    [Fact]
    public void Image_config_keeps_docker_key_casing()
    {
        var config = new ImageConfig
        {
            Config = new ContainerConfig { Cmd = ["sh"], Env = ["PATH=/bin"], ExposedPorts = new() { ["80/tcp"] = new() } },
            Rootfs = new RootFs { DiffIds = ["sha256:abc"] },
            History = [new HistoryEntry { CreatedBy = "import", EmptyLayer = false }],
        };
        string json = JsonSerializer.Serialize(config, OciJson.Default.ImageConfig);
        Assert.Contains("\"Cmd\":[\"sh\"]", json);
        Assert.Contains("\"ExposedPorts\":{\"80/tcp\":{}}", json);
        Assert.Contains("\"diff_ids\":[\"sha256:abc\"]", json);
        Assert.Contains("\"created_by\":\"import\"", json);
        Assert.Contains("\"rootfs\":{\"type\":\"layers\"", json);
    }
}

public sealed class IndentedJsonTests
{
    [Fact]
    public void Indented_context_writes_indented_state()
    {
        var state = new State { Id = "c1", Status = "created", Pid = 42, Bundle = "/b" };
        string json = JsonSerializer.Serialize(state, OciJson.Indented.State);
        Assert.Contains("\n", json);
        Assert.Contains("\"status\": \"created\"", json);
    }
}
