using System.Text.Json;

namespace Wharf.Daemon;

/// <summary>wharfd's flags (dockerd's names) merged with daemon.json (Docker's keys); flags win.</summary>
public sealed class DaemonOptions
{
    public List<string> Hosts { get; } = [];
    public string DataRoot { get; set; } = "/var/lib/wharf";
    public string ExecRoot { get; set; } = "/run/wharf";
    public string? PidFile { get; set; }
    public string ConfigFile { get; set; } = "/etc/wharf/daemon.json";
    public string? DefaultRuntime { get; set; }
    public Dictionary<string, string> Runtimes { get; } = [];
    public string LogLevel { get; set; } = "info";
    public bool LiveRestore { get; set; }
    /// <summary>dockerd's <c>--init</c>: containers get an init unless they say <c>--init=false</c>.</summary>
    public bool Init { get; set; }
    /// <summary>dockerd's <c>--init-path</c>: a static init to use instead of the one wharfd writes.</summary>
    public string? InitPath { get; set; }
    public bool TlsVerify { get; set; }
    public string? TlsCaCert { get; set; }
    public string? TlsCert { get; set; }
    public string? TlsKey { get; set; }
    public string DaemonId { get; set; } = "";
    public List<string> RegistryMirrors { get; } = [];
    public List<string> InsecureRegistries { get; } = [];

    public static DaemonOptions Parse(string[] args)
    {
        var o = new DaemonOptions();
        var set = new HashSet<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i], value = "";
            int eq = arg.IndexOf('=');
            bool inline = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0;
            if (inline) { value = arg[(eq + 1)..]; arg = arg[..eq]; }
            string Next() => inline ? value : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag needs an argument: {arg}");
            bool Flag() => !inline || value is not ("false" or "0");
            switch (arg)
            {
                case "-H" or "--host": o.Hosts.Add(Next()); set.Add("hosts"); break;
                case "--data-root" or "-g": o.DataRoot = Next(); set.Add("data-root"); break;
                case "--exec-root": o.ExecRoot = Next(); set.Add("exec-root"); break;
                case "-p" or "--pidfile": o.PidFile = Next(); set.Add("pidfile"); break;
                case "--config-file": o.ConfigFile = Next(); break;
                case "--default-runtime": o.DefaultRuntime = Next(); set.Add("default-runtime"); break;
                case "--add-runtime": var rt = Next().Split('=', 2); o.Runtimes[rt[0]] = rt[1]; break;
                case "-l" or "--log-level": o.LogLevel = Next(); set.Add("log-level"); break;
                case "-D" or "--debug": o.LogLevel = "debug"; if (inline) { } break;
                case "--live-restore": o.LiveRestore = Flag(); set.Add("live-restore"); break;
                case "--init": o.Init = Flag(); set.Add("init"); break;
                case "--init-path": o.InitPath = Next(); set.Add("init-path"); break;
                case "--tlsverify": o.TlsVerify = Flag(); set.Add("tlsverify"); break;
                case "--tls": break;
                case "--tlscacert": o.TlsCaCert = Next(); set.Add("tlscacert"); break;
                case "--tlscert": o.TlsCert = Next(); set.Add("tlscert"); break;
                case "--tlskey": o.TlsKey = Next(); set.Add("tlskey"); break;
                case "-h" or "--help": throw new ArgumentException("help");
                default: throw new ArgumentException($"unknown flag: {arg}");
            }
        }
        o.ApplyConfigFile(set);
        if (o.InitPath is not null && !File.Exists(o.InitPath)) throw new ArgumentException($"init-path {o.InitPath}: no such file");
        if (o.Hosts.Count == 0) o.Hosts.Add("unix:///run/wharf.sock");
        foreach (var h in o.Hosts)
            if (h.StartsWith("tcp://", StringComparison.Ordinal) && !(o.TlsVerify && o.TlsCaCert is not null && o.TlsCert is not null && o.TlsKey is not null))
                throw new ArgumentException($"refusing to listen on {h} without --tlsverify --tlscacert --tlscert --tlskey (mutual TLS)");
        return o;
    }

    /// <summary>daemon.json: hosts, data-root, exec-root, pidfile, default-runtime, runtimes, log-level, live-restore, init, init-path, tls*.</summary>
    private void ApplyConfigFile(HashSet<string> fromFlags)
    {
        if (!File.Exists(ConfigFile)) return;
        using var doc = JsonDocument.Parse(File.ReadAllText(ConfigFile), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (fromFlags.Contains(p.Name)) continue;
            switch (p.Name)
            {
                case "hosts": foreach (var h in p.Value.EnumerateArray()) Hosts.Add(h.GetString()!); break;
                case "data-root": DataRoot = p.Value.GetString()!; break;
                case "exec-root": ExecRoot = p.Value.GetString()!; break;
                case "pidfile": PidFile = p.Value.GetString(); break;
                case "default-runtime": DefaultRuntime = p.Value.GetString(); break;
                case "log-level": LogLevel = p.Value.GetString()!; break;
                case "live-restore": LiveRestore = p.Value.GetBoolean(); break;
                case "init": Init = p.Value.GetBoolean(); break;
                case "init-path": InitPath = p.Value.GetString(); break;
                case "tlsverify": TlsVerify = p.Value.GetBoolean(); break;
                case "tlscacert": TlsCaCert = p.Value.GetString(); break;
                case "tlscert": TlsCert = p.Value.GetString(); break;
                case "tlskey": TlsKey = p.Value.GetString(); break;
                case "registry-mirrors": foreach (var m in p.Value.EnumerateArray()) RegistryMirrors.Add(m.GetString()!); break;
                case "insecure-registries": foreach (var m in p.Value.EnumerateArray()) InsecureRegistries.Add(m.GetString()!); break;
                case "runtimes":
                    foreach (var r in p.Value.EnumerateObject())
                        if (r.Value.TryGetProperty("path", out var path)) Runtimes[r.Name] = path.GetString()!;
                    break;
            }
        }
    }
}
