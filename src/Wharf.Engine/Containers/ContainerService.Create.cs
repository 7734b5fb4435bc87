using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Wharf.Api.Models;
using Wharf.Engine.Errors;
using Wharf.Images.References;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    private const long MinimumMemory = 6 * 1024 * 1024;

    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidName();

    /// <summary>POST /containers/create: validates like Docker, merges the image config, stores the container.</summary>
    public (Container Container, List<string> Warnings) Create(ContainerCreateRequest request, string? name)
    {
        var warnings = new List<string>();
        if (string.IsNullOrEmpty(request.Image)) throw EngineException.Invalid("config cannot be empty in order to create a container");
        var hc = request.HostConfig ?? new HostConfig();
        if (!string.IsNullOrEmpty(name) && !ValidName().IsMatch(name))
            throw EngineException.Invalid($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        ValidateHostConfig(hc);
        string runtimePath = Runtimes.Resolve(hc.Runtime);
        if (string.IsNullOrEmpty(hc.Runtime)) hc.Runtime = Runtimes.DefaultName;
        if (hc.NetworkMode is "" or "default") hc.NetworkMode = "bridge";
        if (hc.NetworkMode is not ("bridge" or "host" or "none") && !hc.NetworkMode.StartsWith("container:", StringComparison.Ordinal))
            throw new EngineException(ErrorKind.NotFound, $"network {hc.NetworkMode} not found");
        if (hc.NetworkMode.StartsWith("container:", StringComparison.Ordinal)) Store.Get(hc.NetworkMode["container:".Length..]);

        var image = Images.Resolve(request.Image) ?? throw EngineException.NoSuchImage(Familiar(request.Image));
        var ic = image.Config.Config ?? new Wharf.Oci.Image.ContainerConfig();

        var config = (ContainerConfig)request;
        var merged = new ContainerConfig
        {
            Hostname = config.Hostname, Domainname = config.Domainname,
            User = config.User.Length > 0 ? config.User : ic.User ?? "",
            AttachStdin = config.AttachStdin, AttachStdout = config.AttachStdout, AttachStderr = config.AttachStderr,
            ExposedPorts = config.ExposedPorts ?? ic.ExposedPorts?.ToDictionary(p => p.Key, _ => new EmptyObject()),
            Tty = config.Tty, OpenStdin = config.OpenStdin, StdinOnce = config.StdinOnce,
            Env = MergeEnv(ic.Env, config.Env),
            Cmd = config.Cmd is { Count: > 0 } ? config.Cmd : config.Entrypoint is { Count: > 0 } ? null : ic.Cmd,
            Healthcheck = config.Healthcheck ?? (ic.Healthcheck is { } h ? new HealthConfig
            {
                Test = h.Test, Interval = h.Interval ?? 0, Timeout = h.Timeout ?? 0, StartPeriod = h.StartPeriod ?? 0,
                StartInterval = h.StartInterval ?? 0, Retries = h.Retries ?? 0,
            } : null),
            Image = config.Image,
            Volumes = config.Volumes ?? ic.Volumes?.ToDictionary(p => p.Key, _ => new EmptyObject()),
            WorkingDir = config.WorkingDir.Length > 0 ? config.WorkingDir : ic.WorkingDir ?? "",
            Entrypoint = config.Entrypoint is { Count: > 0 } ? config.Entrypoint : config.Entrypoint is { Count: 0 } ? null : ic.Entrypoint,
            Labels = MergeLabels(ic.Labels, config.Labels),
            StopSignal = config.StopSignal ?? ic.StopSignal,
            StopTimeout = config.StopTimeout,
            OnBuild = config.OnBuild, Shell = config.Shell, ArgsEscaped = config.ArgsEscaped,
        };
        var command = new List<string>();
        command.AddRange(merged.Entrypoint ?? []);
        command.AddRange(merged.Cmd ?? []);
        if (command.Count == 0) throw EngineException.Invalid("no command specified");

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (merged.Hostname.Length == 0) merged.Hostname = hc.NetworkMode == "host" ? Environment.MachineName : id[..12];
        name = string.IsNullOrEmpty(name) ? NameGenerator.Next(n => Store.TryGet("/" + n) is not null) : name.TrimStart('/');
        var record = new ContainerRecord
        {
            Id = id, Name = "/" + name, Created = DateTime.UtcNow, Path = command[0], Args = command[1..],
            Config = merged, HostConfig = hc, ImageId = image.Id.ToString(), ImageChainId = image.ChainIds.Count > 0 ? image.ChainIds[^1] : "",
            RuntimePath = runtimePath,
        };
        var container = new Container(record);
        Store.Add(container); // reserves the name (409 on conflict) before anything is written
        try
        {
            // An --rm container's snapshot and record are not fsynced (an fsync took 0.2-320 ms on a busy disk): a
            // restart removes a stopped --rm container anyway (as dockerd's restore does), so after a power loss a lost
            // record and a removed container look the same, and start-up deletes a snapshot left without its record.
            Snapshots.Prepare(id, image.ChainIds.Count > 0 ? image.ChainIds[^1] : null, durable: !hc.AutoRemove);
            WriteEtcFiles(record);
            Store.Save(container, durable: !hc.AutoRemove);
        }
        catch
        {
            Store.Remove(container);
            try { Snapshots.Remove(id); Directory.Delete(Paths.DataDir(id), true); } catch (IOException) { }
            throw;
        }
        Emit(container, "create");
        return (container, warnings);
    }

    public static void ValidateHostConfig(HostConfig hc)
    {
        var rp = hc.RestartPolicy ??= new RestartPolicy();
        if (rp.Name is not ("" or "no" or "always" or "on-failure" or "unless-stopped"))
            throw EngineException.Invalid($"invalid restart policy: unknown policy '{rp.Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        if (rp.MaximumRetryCount < 0) throw EngineException.Invalid("invalid restart policy: maximum retry count cannot be negative");
        if (rp.MaximumRetryCount > 0 && rp.Name != "on-failure")
            throw EngineException.Invalid($"invalid restart policy: maximum retry count can only be used with 'on-failure'");
        if (hc.AutoRemove && rp.Name is not ("" or "no"))
            throw EngineException.Invalid("can't create 'AutoRemove' container with restart policy");
        if (hc.Memory is > 0 and < MinimumMemory) throw EngineException.Invalid("Minimum memory limit allowed is 6MB");
        if (hc.Memory > 0 && hc.MemorySwap > 0 && hc.MemorySwap < hc.Memory)
            throw EngineException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (hc.NanoCpus > 0 && (hc.CpuPeriod > 0 || hc.CpuQuota > 0))
            throw EngineException.Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (hc.NanoCpus < 0 || hc.NanoCpus > (long)Environment.ProcessorCount * 1_000_000_000)
            throw EngineException.Invalid($"Range of CPUs is from 0.01 to {Environment.ProcessorCount}.00, as there are only {Environment.ProcessorCount} CPUs available");
        if (hc.OomScoreAdj is < -1000 or > 1000) throw EngineException.Invalid($"Invalid value {hc.OomScoreAdj}, range for oom score adj is [-1000, 1000]");
    }

    internal static string Familiar(string reference) =>
        ImageReference.TryParse(reference, out var r) && r is not null ? r.Familiar : reference;

    private static List<string> MergeEnv(List<string>? image, List<string>? request)
    {
        var result = new List<string>(image ?? []);
        foreach (var e in request ?? [])
        {
            string key = e.Split('=', 2)[0];
            result.RemoveAll(x => x.Split('=', 2)[0] == key);
            result.Add(e);
        }
        if (!result.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
            result.Insert(0, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        return result;
    }

    private static Dictionary<string, string> MergeLabels(Dictionary<string, string>? image, Dictionary<string, string>? request)
    {
        var result = new Dictionary<string, string>(image ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in request ?? []) result[k] = v;
        return result;
    }

    /// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf, bind-mounted into the container from its data dir.</summary>
    private void WriteEtcFiles(ContainerRecord c)
    {
        Directory.CreateDirectory(Paths.DataDir(c.Id));
        bool hostNet = c.HostConfig.NetworkMode == "host";
        File.WriteAllText(Paths.Hostname(c.Id), c.Config.Hostname + "\n");
        string hosts = hostNet && File.Exists("/etc/hosts")
            ? File.ReadAllText("/etc/hosts")
            : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
        foreach (var extra in c.HostConfig.ExtraHosts ?? [])
        {
            int colon = extra.IndexOf(':');
            if (colon > 0) hosts += $"{extra[(colon + 1)..]}\t{extra[..colon]}\n";
        }
        File.WriteAllText(Paths.Hosts(c.Id), hosts);
        string resolv = c.HostConfig.Dns is { Count: > 0 } dns
            ? string.Concat(dns.Select(d => $"nameserver {d}\n"))
            : File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "";
        File.WriteAllText(Paths.ResolvConf(c.Id), resolv);
    }
}
