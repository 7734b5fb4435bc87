using System.Globalization;
using Wharf.Api.Models;
using Wharf.Cli.Commands;
using Wharf.Cli.Flags;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Containers;

/// <summary>The flags shared by `run` and `create`, and their translation into the POST /containers/create body.</summary>
public static class ContainerOptions
{
    public static FlagSet AddTo(FlagSet f) => f
        .List("add-host", null, "Add a custom host-to-IP mapping (host:ip)")
        .List("attach", 'a', "Attach to STDIN, STDOUT or STDERR", v => v.ToLowerInvariant() is "stdin" or "stdout" or "stderr" ? null : $"valid streams are STDIN, STDOUT and STDERR")
        .List("cap-add", null, "Add Linux capabilities")
        .List("cap-drop", null, "Drop Linux capabilities")
        .Value("cidfile", null, "Write the container ID to the file")
        .Value("cpu-shares", 'c', "CPU shares (relative weight)", null, Validators.Int)
        .Value("cpus", null, "Number of CPUs", null, Validators.Decimal)
        .List("dns", null, "Set custom DNS servers")
        .Value("entrypoint", null, "Overwrite the default ENTRYPOINT of the image")
        .List("env", 'e', "Set environment variables")
        .List("env-file", null, "Read in a file of environment variables")
        .List("expose", null, "Expose a port or a range of ports")
        .Value("health-cmd", null, "Command to run to check health")
        .Value("health-interval", null, "Time between running the check (ms|s|m|h) (default 0s)", null, GoDuration.Validate)
        .Value("health-retries", null, "Consecutive failures needed to report unhealthy", null, Validators.Int)
        .Value("health-start-interval", null, "Time between running the check during the start period (ms|s|m|h) (default 0s)", null, GoDuration.Validate)
        .Value("health-start-period", null, "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)", null, GoDuration.Validate)
        .Value("health-timeout", null, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)", null, GoDuration.Validate)
        .Value("hostname", 'h', "Container host name")
        .Bool("init", null, "Run an init inside the container that forwards signals and reaps processes")
        .Bool("interactive", 'i', "Keep STDIN open even if not attached")
        .List("label", 'l', "Set meta data on a container")
        .List("label-file", null, "Read in a line delimited file of labels")
        .Value("log-driver", null, "Logging driver for the container")
        .List("log-opt", null, "Log driver options")
        .Value("memory", 'm', "Memory limit", null, Validators.Size)
        .Value("memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", null, v => v == "-1" ? null : Validators.Size(v))
        .Value("name", null, "Assign a name to the container")
        .Value("network", null, "Connect a container to a network")
        .Value("net", null, "Connect a container to a network (alias of --network)")
        .List("network-alias", null, "Add network-scoped alias for the container")
        .Bool("no-healthcheck", null, "Disable any container-specified HEALTHCHECK")
        .Value("pids-limit", null, "Tune container pids limit (set -1 for unlimited)", null, Validators.Int)
        .Value("platform", null, "Set platform if server is multi-platform capable")
        .Bool("privileged", null, "Give extended privileges to this container")
        .List("publish", 'p', "Publish a container's port(s) to the host")
        .Bool("publish-all", 'P', "Publish all exposed ports to random ports")
        .Value("pull", null, "Pull image before creating (\"always\", \"missing\", \"never\")", "missing",
            v => v is "always" or "missing" or "never" ? null : "invalid pull option: must be one of \"always\", \"missing\" or \"never\"")
        .Bool("quiet", 'q', "Suppress the pull output")
        .Bool("read-only", null, "Mount the container's root filesystem as read only")
        .Value("restart", null, "Restart policy to apply when a container exits", "no")
        .Bool("rm", null, "Automatically remove the container and its associated anonymous volumes when it exits")
        .Value("runtime", null, "Runtime to use for this container")
        .List("security-opt", null, "Security Options")
        .Value("stop-signal", null, "Signal to stop the container")
        .Value("stop-timeout", null, "Timeout (in seconds) to stop a container", null, Validators.Int)
        .List("tmpfs", null, "Mount a tmpfs directory")
        .Bool("tty", 't', "Allocate a pseudo-TTY")
        .List("ulimit", null, "Ulimit options")
        .Value("user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])")
        .List("volume", 'v', "Bind mount a volume")
        .Value("workdir", 'w', "Working directory inside the container");

    /// <summary>Builds the create body from flags; <paramref name="args"/> is IMAGE [COMMAND] [ARG...].</summary>
    public static ContainerCreateRequest Build(ParsedFlags f, IReadOnlyList<string> args, bool detached, (int Rows, int Cols)? consoleSize)
    {
        var tty = f.GetBool("tty");
        var interactive = f.GetBool("interactive");
        var attach = f.GetList("attach").Select(a => a.ToLowerInvariant()).ToHashSet();
        if (detached && attach.Count > 0) throw new FlagException("Conflicting options: -a and -d");
        var attachStdin = !detached && (attach.Count > 0 ? attach.Contains("stdin") : interactive);
        var request = new ContainerCreateRequest
        {
            Image = args[0],
            Cmd = args.Count > 1 ? args.Skip(1).ToList() : null,
            Hostname = f.Get("hostname") ?? "",
            User = f.Get("user") ?? "",
            WorkingDir = f.Get("workdir") ?? "",
            Tty = tty,
            OpenStdin = interactive,
            StdinOnce = attachStdin,
            AttachStdin = attachStdin,
            AttachStdout = !detached && (attach.Count == 0 || attach.Contains("stdout")),
            AttachStderr = !detached && (attach.Count == 0 || attach.Contains("stderr")),
            StopSignal = f.Get("stop-signal"),
            StopTimeout = f.Changed("stop-timeout") ? f.GetInt("stop-timeout") : null,
        };
        if (f.Changed("entrypoint")) request.Entrypoint = [f.Get("entrypoint")!];
        request.Env = Environment(f);
        request.Labels = Labels(f);
        request.Healthcheck = Healthcheck(f);
        request.HostConfig = HostConfig(f, request, consoleSize);
        return request;
    }

    private static List<string>? Environment(ParsedFlags f)
    {
        var env = new List<string>();
        foreach (var file in f.GetList("env-file")) env.AddRange(EnvFile.Read(file));
        foreach (var e in f.GetList("env"))
            if (EnvFile.Expand(e) is { } entry) env.Add(entry);
        return env.Count > 0 ? env : null;
    }

    private static Dictionary<string, string>? Labels(ParsedFlags f)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = f.GetList("label-file").SelectMany(path => File.ReadAllLines(path))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Concat(f.GetList("label"));
        foreach (var label in lines)
        {
            var eq = label.IndexOf('=');
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
        }
        return labels.Count > 0 ? labels : null;
    }

    private static HealthConfig? Healthcheck(ParsedFlags f)
    {
        if (f.GetBool("no-healthcheck"))
        {
            if (f.Changed("health-cmd")) throw new FlagException("--no-healthcheck conflicts with --health-* options");
            return new HealthConfig { Test = ["NONE"] };
        }
        var names = new[] { "health-cmd", "health-interval", "health-retries", "health-start-interval", "health-start-period", "health-timeout" };
        if (!names.Any(f.Changed)) return null;
        static long Nanos(ParsedFlags f, string name) =>
            f.Get(name) is { } v && GoDuration.TryParse(v, out var d) ? d.Ticks * 100 : 0;
        var check = new HealthConfig
        {
            Test = f.Get("health-cmd") is { Length: > 0 } cmd ? ["CMD-SHELL", cmd] : null,
            Interval = Nanos(f, "health-interval"),
            Timeout = Nanos(f, "health-timeout"),
            StartPeriod = Nanos(f, "health-start-period"),
            StartInterval = Nanos(f, "health-start-interval"),
            Retries = f.GetInt("health-retries") ?? 0,
        };
        if (check.Interval < 0 || check.Timeout < 0 || check.StartPeriod < 0) throw new FlagException("--health-interval, --health-timeout and --health-start-period cannot be negative");
        if (check.Retries < 0) throw new FlagException("--health-retries cannot be negative");
        return check;
    }

    private static HostConfig HostConfig(ParsedFlags f, ContainerCreateRequest request, (int Rows, int Cols)? consoleSize)
    {
        var host = new HostConfig
        {
            AutoRemove = f.GetBool("rm"),
            CapAdd = NullIfEmpty(f.GetList("cap-add").Select(CapName).Order(StringComparer.Ordinal)),
            CapDrop = NullIfEmpty(f.GetList("cap-drop").Select(CapName).Order(StringComparer.Ordinal)),
            Privileged = f.GetBool("privileged"),
            ReadonlyRootfs = f.GetBool("read-only"),
            PublishAllPorts = f.GetBool("publish-all"),
            SecurityOpt = NullIfEmpty(f.GetList("security-opt")),
            Runtime = f.Get("runtime") ?? "",
            Init = f.Changed("init") ? f.GetBool("init") : null,
            NetworkMode = f.Get("network") ?? f.Get("net") ?? "default",
            Dns = NullIfEmpty(f.GetList("dns")),
            ExtraHosts = NullIfEmpty(f.GetList("add-host")),
            RestartPolicy = RestartPolicyParser.Parse(f.GetOr("restart", "no")),
            LogConfig = new LogConfig { Type = "", Config = [] }, // empty: the daemon's default log driver
            ConsoleSize = consoleSize is { } size ? [size.Rows, size.Cols] : [0, 0],
            CpuShares = f.GetInt("cpu-shares") ?? 0,
        };
        if (host.AutoRemove && host.RestartPolicy.Name is not ("no" or ""))
            throw new FlagException("Conflicting options: --restart and --rm");
        if (f.Get("memory") is { } mem && HumanUnits.TryParseRamSize(mem, out var memBytes)) host.Memory = memBytes;
        if (f.Get("memory-swap") is { } swap)
            host.MemorySwap = swap == "-1" ? -1 : HumanUnits.TryParseRamSize(swap, out var swapBytes) ? swapBytes : 0;
        if (f.Get("cpus") is { } cpus) host.NanoCpus = (long)Math.Round(double.Parse(cpus, CultureInfo.InvariantCulture) * 1e9);
        if (f.GetInt("pids-limit") is { } pids) host.PidsLimit = pids;
        if (f.GetList("ulimit").Count > 0) host.Ulimits = f.GetList("ulimit").Select(Ulimit).ToList();
        if (f.Get("log-driver") is { } driver || f.GetList("log-opt").Count > 0)
        {
            host.LogConfig = new LogConfig { Type = f.Get("log-driver") ?? "", Config = [] };
            foreach (var opt in f.GetList("log-opt"))
            {
                var eq = opt.IndexOf('=');
                if (eq <= 0) throw new FlagException($"invalid key/value pair format in logging opts: {opt}");
                host.LogConfig.Config![opt[..eq]] = opt[(eq + 1)..];
            }
        }
        Volumes(f, request, host);
        Ports(f, request, host);
        if (f.GetList("tmpfs").Count > 0)
        {
            host.Tmpfs = [];
            foreach (var t in f.GetList("tmpfs"))
            {
                var colon = t.IndexOf(':');
                host.Tmpfs[colon < 0 ? t : t[..colon]] = colon < 0 ? "" : t[(colon + 1)..];
            }
        }
        if (f.GetList("network-alias").Count > 0)
            request.NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new() { [host.NetworkMode] = new EndpointSettings { Aliases = f.GetList("network-alias").ToList() } },
            };
        return host;
    }

    private static void Volumes(ParsedFlags f, ContainerCreateRequest request, HostConfig host)
    {
        foreach (var v in f.GetList("volume"))
        {
            if (v.Contains(':', StringComparison.Ordinal))
                (host.Binds ??= []).Add(v);
            else
                (request.Volumes ??= [])[v] = new EmptyObject();
        }
    }

    private static void Ports(ParsedFlags f, ContainerCreateRequest request, HostConfig host)
    {
        if (f.GetList("publish").Count == 0 && f.GetList("expose").Count == 0) return;
        var exposed = new Dictionary<string, EmptyObject>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, List<PortBinding>?>(StringComparer.Ordinal);
        foreach (var p in f.GetList("publish")) PortSpec.Add(p, exposed, bindings);
        foreach (var e in f.GetList("expose")) PortSpec.Expose(e, exposed);
        request.ExposedPorts = exposed;
        if (bindings.Count > 0) host.PortBindings = bindings;
    }

    private static Ulimit Ulimit(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0) throw new FlagException($"invalid ulimit argument: {spec}");
        var values = spec[(eq + 1)..].Split(':');
        if (values.Length > 2 || !long.TryParse(values[0], out var soft))
            throw new FlagException($"invalid ulimit argument: {spec}");
        var hard = soft;
        if (values.Length == 2 && !long.TryParse(values[1], out hard)) throw new FlagException($"invalid ulimit argument: {spec}");
        if (soft > hard && hard != -1) throw new FlagException($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        return new Ulimit { Name = spec[..eq], Soft = soft, Hard = hard };
    }

    /// <summary>The client sends capabilities as CAP_* names, upper case ("ALL" stays as is).</summary>
    private static string CapName(string cap)
    {
        var upper = cap.ToUpperInvariant();
        return upper == "ALL" || upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }

    private static List<string>? NullIfEmpty(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count > 0 ? list : null;
    }
}
