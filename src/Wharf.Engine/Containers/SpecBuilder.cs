using Wharf.Engine.Errors;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Capabilities;
using Wharf.Runtime.Seccomp;

namespace Wharf.Engine.Containers;

/// <summary>Builds a container's OCI config.json the way Docker's default spec does.</summary>
public sealed class SpecBuilder(ContainerPaths paths, Func<string, int?> pidOfContainer)
{
    public Spec Build(ContainerRecord c, string rootfs, string? initPath)
    {
        var hc = c.HostConfig;
        var caps = Capabilities(hc);
        var (uid, gid, extra) = UserResolver.Resolve(rootfs, c.Config.User);
        var args = new List<string>();
        if (initPath is not null) args.AddRange(["/sbin/docker-init", "--"]);
        args.Add(c.Path);
        args.AddRange(c.Args);
        var spec = new Spec
        {
            // crun 1.8 refuses "1.2.0" ("unknown version specified"); nothing here needs a 1.2 field.
            OciVersion = "1.1.0",
            Process = new Process
            {
                Terminal = c.Config.Tty,
                ConsoleSize = hc.ConsoleSize is [int h, int w] && h > 0 ? new Box { Height = (uint)h, Width = (uint)w } : null,
                User = new User { Uid = uid, Gid = gid, AdditionalGids = extra.Count > 0 ? extra : null },
                Args = args,
                Env = c.Config.Env ?? [],
                Cwd = string.IsNullOrEmpty(c.Config.WorkingDir) ? "/" : c.Config.WorkingDir,
                Capabilities = new LinuxCapabilities { Bounding = [.. caps], Effective = [.. caps], Permitted = [.. caps] },
                Rlimits = Rlimits(hc),
                NoNewPrivileges = hc.SecurityOpt?.Any(o => o is "no-new-privileges" or "no-new-privileges:true" or "no-new-privileges=true") == true ? true : null,
                OomScoreAdj = hc.OomScoreAdj != 0 ? hc.OomScoreAdj : null,
            },
            Root = new Root { Path = rootfs, Readonly = hc.ReadonlyRootfs ? true : null },
            Hostname = NetworkMode(hc) == "host" ? null : c.Config.Hostname,
            Mounts = Mounts(c, initPath),
            Linux = new Linux
            {
                Namespaces = Namespaces(hc),
                CgroupsPath = $"/wharf/{c.Id}",
                Resources = Resources(hc),
                MaskedPaths = hc.Privileged ? null : [.. DefaultSpec.MaskedPaths],
                ReadonlyPaths = hc.Privileged ? null : [.. DefaultSpec.ReadonlyPaths],
                Seccomp = Seccomp(hc, caps),
                Sysctl = hc.Sysctls,
            },
        };
        return spec;
    }

    /// <summary>The container's capabilities, never more than wharfd's own bounding set holds (a runtime cannot grant
    /// more, so --privileged on a host that dropped some capabilities gets what is left, as with Docker).</summary>
    public static IReadOnlyList<string> Capabilities(Wharf.Api.Models.HostConfig hc)
    {
        var caps = CapabilitySet.Resolve(hc.CapAdd, hc.CapDrop, hc.Privileged);
        var bounding = OwnBoundingSet();
        return bounding is null ? caps : [.. caps.Where(bounding.Contains)];
    }

    private static HashSet<string>? OwnBoundingSet()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
            ulong mask = Convert.ToUInt64(line[7..].Trim(), 16);
            return [.. CapabilityNames.All.Where((_, bit) => (mask & (1UL << bit)) != 0)];
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException) { return null; }
    }

    public static string NetworkMode(Wharf.Api.Models.HostConfig hc) =>
        hc.NetworkMode is "" or "default" ? "bridge" : hc.NetworkMode;

    private List<LinuxNamespace> Namespaces(Wharf.Api.Models.HostConfig hc)
    {
        var ns = new List<LinuxNamespace> { new() { Type = "pid" }, new() { Type = "ipc" }, new() { Type = "uts" }, new() { Type = "mount" } };
        string net = NetworkMode(hc);
        if (net.StartsWith("container:", StringComparison.Ordinal))
        {
            int pid = pidOfContainer(net["container:".Length..]) ?? throw EngineException.Conflict($"cannot join network of a non running container: {net["container:".Length..]}");
            ns.Add(new() { Type = "network", Path = $"/proc/{pid}/ns/net" });
        }
        else if (net != "host") ns.Add(new() { Type = "network" }); // bridge falls back to an isolated namespace until networking lands
        if (hc.PidMode == "host") ns.RemoveAll(n => n.Type == "pid");
        if (hc.IpcMode == "host") ns.RemoveAll(n => n.Type == "ipc");
        if (hc.UTSMode == "host" || net == "host") ns.RemoveAll(n => n.Type == "uts");
        return ns;
    }

    private List<Mount> Mounts(ContainerRecord c, string? initPath)
    {
        var hc = c.HostConfig;
        var mounts = DefaultSpec.BaseMounts(hc.Privileged);
        mounts.Add(new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", $"size={(hc.ShmSize > 0 ? hc.ShmSize : 67108864)}"] });
        foreach (var (dest, src) in new[] { ("/etc/resolv.conf", paths.ResolvConf(c.Id)), ("/etc/hostname", paths.Hostname(c.Id)), ("/etc/hosts", paths.Hosts(c.Id)) })
            mounts.Add(new() { Destination = dest, Type = "bind", Source = src, Options = ["rbind", "rprivate"] });
        if (initPath is not null)
            mounts.Add(new() { Destination = "/sbin/docker-init", Type = "bind", Source = initPath, Options = ["bind", "ro"] });
        foreach (var bind in hc.Binds ?? [])
        {
            var parts = bind.Split(':');
            if (parts.Length < 2 || !parts[0].StartsWith('/')) throw EngineException.Invalid($"invalid volume specification: '{bind}'");
            bool ro = parts.Length > 2 && parts[2].Split(',').Contains("ro");
            mounts.Add(new() { Destination = parts[1], Type = "bind", Source = parts[0], Options = ["rbind", ro ? "ro" : "rw", "rprivate"] });
        }
        foreach (var m in hc.Mounts ?? [])
        {
            if (m.Type == "tmpfs") mounts.Add(new() { Destination = m.Target, Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "nodev", "noexec"] });
            else if (m.Type == "bind") mounts.Add(new() { Destination = m.Target, Type = "bind", Source = m.Source, Options = ["rbind", m.ReadOnly ? "ro" : "rw", "rprivate"] });
            else throw EngineException.Invalid($"mount type {m.Type} is not supported yet");
        }
        foreach (var (dest, opts) in hc.Tmpfs ?? [])
            mounts.Add(new() { Destination = dest, Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "nodev", "noexec", .. opts.Split(',', StringSplitOptions.RemoveEmptyEntries)] });
        return mounts;
    }

    public static List<PosixRlimit>? Rlimits(Wharf.Api.Models.HostConfig hc)
    {
        if (hc.Ulimits is not { Count: > 0 }) return null;
        return [.. hc.Ulimits.Select(u => new PosixRlimit
        {
            Type = DefaultSpec.RlimitNames.TryGetValue(u.Name, out var t) ? t : throw EngineException.Invalid($"invalid ulimit type: {u.Name}"),
            Soft = (ulong)u.Soft, Hard = (ulong)u.Hard,
        })];
    }

    public static LinuxResources Resources(Wharf.Api.Models.HostConfig hc)
    {
        var r = new LinuxResources { Devices = DefaultSpec.DeviceRules(hc.Privileged) };
        if (hc.Memory > 0 || hc.MemoryReservation > 0 || hc.MemorySwap != 0)
            r.Memory = new LinuxMemory
            {
                Limit = hc.Memory > 0 ? hc.Memory : null,
                Reservation = hc.MemoryReservation > 0 ? hc.MemoryReservation : null,
                Swap = hc.MemorySwap != 0 ? hc.MemorySwap : hc.Memory > 0 ? hc.Memory * 2 : null,
            };
        long period = hc.CpuPeriod, quota = hc.CpuQuota;
        if (hc.NanoCpus > 0) { period = 100_000; quota = hc.NanoCpus * period / 1_000_000_000; }
        if (quota > 0 || hc.CpuShares > 0 || hc.CpusetCpus.Length > 0)
            r.Cpu = new LinuxCpu
            {
                Quota = quota > 0 ? quota : null,
                Period = quota > 0 ? (ulong)(period > 0 ? period : 100_000) : null,
                Shares = hc.CpuShares > 0 ? (ulong)hc.CpuShares : null,
                Cpus = hc.CpusetCpus.Length > 0 ? hc.CpusetCpus : null,
                Mems = hc.CpusetMems.Length > 0 ? hc.CpusetMems : null,
            };
        if (hc.PidsLimit is > 0) r.Pids = new LinuxPids { Limit = hc.PidsLimit.Value };
        return r;
    }

    private static LinuxSeccomp? Seccomp(Wharf.Api.Models.HostConfig hc, IReadOnlyList<string> caps)
    {
        if (hc.Privileged) return null;
        foreach (var opt in hc.SecurityOpt ?? [])
        {
            int eq = opt.IndexOfAny(['=', ':']);
            if (eq < 0 || opt[..eq] != "seccomp") continue;
            string value = opt[(eq + 1)..];
            if (value == "unconfined") return null;
            // The CLI sends the file's content (it reads the file itself); a path is accepted too.
            string json = value.TrimStart().StartsWith('{') ? value : File.ReadAllText(value);
            try { return SeccompProfileLoader.FromDockerJson(json, caps); }
            catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException) { throw EngineException.Invalid($"Decoding seccomp profile failed: {e.Message}"); }
        }
        return DockerDefaultProfile.Create(caps);
    }
}
