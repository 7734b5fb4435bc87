using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Wharf.TestSupport;

/// <summary>A wharfd of its own for one test class: temp data root, exec root, socket and pid file; the real docker
/// CLI pointed at it; and a teardown that leaves nothing behind (daemon, shims, containers, mounts, cgroups, dirs).</summary>
public sealed class WharfDaemon : IDisposable
{
    public const string DockerCli = "/usr/local/bin/docker";
    private Process? _daemon;
    private readonly string _runtime;
    private readonly StringBuilder _log = new();

    /// <param name="runtime">The default runtime; $WHARF_TEST_RUNTIME overrides it (e.g. runc), else wharf-runtime.</param>
    public WharfDaemon(string? runtime = null, params string[] extraArgs)
    {
        _runtime = runtime ?? (Environment.GetEnvironmentVariable("WHARF_TEST_RUNTIME") is { Length: > 0 } r ? r : "wharf-runtime");
        // Short paths: unix socket paths (shim sockets live under the exec root) are limited to 108 bytes.
        Root = Directory.CreateTempSubdirectory("wd-").FullName;
        DataRoot = Path.Combine(Root, "d");
        ExecRoot = Path.Combine(Root, "e");
        Socket = Path.Combine(Root, "s.sock");
        PidFile = Path.Combine(Root, "wharfd.pid");
        ExtraArgs = extraArgs;
        Start();
    }

    public string Root { get; }
    public string DataRoot { get; }
    public string ExecRoot { get; }
    public string Socket { get; }
    public string PidFile { get; }
    public string DockerHost => "unix://" + Socket;
    public int Pid => _daemon?.Id ?? 0;
    public string[] ExtraArgs { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static bool Available => File.Exists(RepoPaths.Binary("wharfd")) && File.Exists(DockerCli) && Environment.UserName == "root";

    public void Start()
    {
        var psi = new ProcessStartInfo(RepoPaths.Binary("wharfd")) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-H", DockerHost, "--data-root", DataRoot, "--exec-root", ExecRoot, "--pidfile", PidFile,
                     "--config-file", Path.Combine(Root, "daemon.json"), "--default-runtime", _runtime })
            psi.ArgumentList.Add(a);
        foreach (var a in ExtraArgs) psi.ArgumentList.Add(a);
        _daemon = Process.Start(psi)!;
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"wharfd exited with {_daemon.ExitCode}:\n{Log}");
            if (Ping()) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"wharfd did not answer /_ping:\n{Log}");
    }

    /// <summary>GET /_ping over the socket; true on 200 OK.</summary>
    public bool Ping()
    {
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(Socket));
            s.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n"));
            var buffer = new byte[512];
            int n = s.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }
        catch (SocketException) { return false; }
    }

    /// <summary>Runs the real docker CLI against this daemon.</summary>
    public CommandResult Docker(params string[] args) => DockerWith(null, TimeSpan.FromSeconds(60), args);

    public CommandResult DockerWith(string? stdin, TimeSpan timeout, params string[] args) =>
        ProcessRunner.Run(DockerCli, args, Env(), stdin, timeout);

    /// <summary>Runs a shell command line under a real pty (util-linux script), for -it tests.</summary>
    public CommandResult InPty(string commandLine, TimeSpan? timeout = null) =>
        ProcessRunner.Run("script", ["-qec", commandLine, "/dev/null"], Env(), null, timeout ?? TimeSpan.FromSeconds(60));

    public Dictionary<string, string> Env() => new()
    {
        ["DOCKER_HOST"] = DockerHost,
        ["DOCKER_CONFIG"] = Path.Combine(Root, "docker-config"),
        ["DOCKER_CLI_HINTS"] = "false",
    };

    /// <summary>Imports a busybox rootfs (from /bin/busybox) as <paramref name="tag"/> with docker import.</summary>
    public void ImportBusybox(string tag = "busybox:latest")
    {
        string tar = Path.Combine(Root, "busybox.tar");
        if (!File.Exists(tar))
        {
            var made = ProcessRunner.Run(RepoPaths.Script("make-busybox-rootfs.sh"), ["--tar", tar]);
            if (made.ExitCode != 0) throw new InvalidOperationException("make-busybox-rootfs.sh failed: " + made);
        }
        var r = Docker("import", tar, tag);
        if (r.ExitCode != 0) throw new InvalidOperationException("docker import failed: " + r);
    }

    /// <summary>Kills wharfd with SIGKILL (containers and shims keep running).</summary>
    public void Kill9()
    {
        if (_daemon is null) return;
        _daemon.Kill();
        _daemon.WaitForExit();
        _daemon.Dispose();
        _daemon = null;
    }

    /// <summary>Stops wharfd with SIGTERM and waits for it.</summary>
    public void Stop()
    {
        if (_daemon is null) return;
        ProcessRunner.Run("kill", ["-TERM", _daemon.Id.ToString()]);
        if (!_daemon.WaitForExit(30_000)) _daemon.Kill();
        _daemon.WaitForExit();
        _daemon.Dispose();
        _daemon = null;
    }

    public void Restart() { if (_daemon is not null) Stop(); Start(); }

    /// <summary>PIDs of every process whose command line mentions this daemon's roots (shims, runtime, containers' inits via their shims).</summary>
    public List<int> ProcessesUnderRoots()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains(Root, StringComparison.Ordinal)) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    public void Dispose()
    {
        try { Kill9(); } catch (InvalidOperationException) { }
        // Containers: named by their bundles, their records, and the runtime's state (an --rm container's bundle and
        // record go before its shim has deleted the runtime state and cgroups). Kill their inits, then the shims.
        string runtimeRoot = Path.Combine(ExecRoot, "runtime");
        var containerIds = ChildNames(Path.Combine(ExecRoot, "containers"))
            .Concat(ChildNames(Path.Combine(DataRoot, "containers"))).Concat(ChildNames(runtimeRoot)).Distinct().ToList();
        foreach (var id in containerIds)
        {
            string pidFile = Path.Combine(ExecRoot, "containers", id, "init.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) && IsAlive(pid)) KillPid(pid);
        }
        var killed = new HashSet<int>();
        for (int i = 0; i < 3; i++)
        {
            foreach (var pid in ProcessesUnderRoots()) { KillPid(pid); killed.Add(pid); }
            Thread.Sleep(100);
        }
        foreach (var id in containerIds)
        {
            ProcessRunner.Run("runc", ["--root", runtimeRoot, "delete", "--force", id]);
            foreach (var cg in CgroupDirectories(id))
                foreach (var pid in ProcessesIn(cg)) { KillPid(pid); killed.Add(pid); }
        }
        // A killed process leaves its cgroup only once it is gone, and rmdir of a busy cgroup fails.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (killed.Any(IsAlive) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        foreach (var id in containerIds)
            foreach (var cg in CgroupDirectories(id))
                try { Directory.Delete(cg); } catch (IOException) { }
        MountCleanup.UnmountUnder(Root);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static IEnumerable<string> ChildNames(string directory)
        => Directory.Exists(directory) ? Directory.GetDirectories(directory).Select(d => Path.GetFileName(d)!) : [];

    private static IEnumerable<int> ProcessesIn(string cgroup)
    {
        try { return File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")).Select(int.Parse).ToList(); }
        catch (IOException) { return []; } // removed meanwhile
    }

    /// <summary>The container's cgroup in every hierarchy (v1 controllers, the hybrid unified mount, or a v2 root).</summary>
    private static IEnumerable<string> CgroupDirectories(string id)
        => (Directory.Exists("/sys/fs/cgroup") ? Directory.GetDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup") : [])
            .Select(hierarchy => Path.Combine(hierarchy, "wharf", id)).Where(Directory.Exists);

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static void KillPid(int pid)
    {
        try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
    }
}
