using System.Runtime.InteropServices;
using System.Text.Json;
using Wharf.Runtime;
using Wharf.Runtime.Containers;

namespace Wharf.Runtime.Cli;

/// <summary>One method per runc command; each parses its flags and calls <see cref="ContainerRuntime"/>.</summary>
public static class Commands
{
    public const string Usage = """
        usage: wharf-runtime [--root DIR] [--log FILE] [--log-format text|json] [--spawn vfork|unshare] COMMAND [ARGS]
        commands: spec, create, start, run, state, kill, delete, exec, pause, resume, ps, list
        --spawn   how container processes start (create, run, exec); default from WHARF_RUNTIME_SPAWN, else vfork:
                    vfork    a vfork-style clone runs the setup plan, then execs the program (fast)
                    unshare  supported-API fallback: unshare(2) on a throwaway thread, then a NativeAOT second
                             stage (this binary) runs the same plan as PID 1; no user namespaces
        """;

    private static readonly HashSet<string> None = [];

    public static int Run(ContainerRuntime runtime, string command, string[] args) => command switch
    {
        "spec" => Spec(args),
        "create" => Create(runtime, args),
        "start" => Start(runtime, args),
        "run" => RunContainer(runtime, args),
        "state" => State(runtime, args),
        "kill" => Kill(runtime, args),
        "delete" => Delete(runtime, args),
        "exec" => Exec(runtime, args),
        "pause" => Simple(args, "pause", id => runtime.Pause(id)),
        "resume" => Simple(args, "resume", id => runtime.Resume(id)),
        "ps" => Ps(runtime, args),
        "list" or "ls" => List(runtime, args),
        "spawn-stress" => SpawnStressTest(runtime.SpawnPath, args),
        _ => throw new UsageException($"No help topic for '{command}'"),
    };

    private static readonly HashSet<string> CreateValued = ["bundle", "b", "pid-file", "console-socket", "preserve-fds", "pidfd-socket"];
    private static readonly HashSet<string> CreateSwitches = ["no-pivot", "no-new-keyring", "detach", "d", "keep", "no-subreaper"];

    private static CreateOptions CreateOptionsFrom(ArgReader a, string command) => new(a.Id(command), a.Value("bundle") ?? a.Value("b") ?? ".")
    {
        PidFile = a.Value("pid-file"),
        ConsoleSocket = a.Value("console-socket"),
    };

    private static int Spec(string[] args)
    {
        var a = new ArgReader(args, new HashSet<string> { "bundle", "b" }, new HashSet<string> { "rootless" });
        var path = Path.Combine(a.Value("bundle") ?? a.Value("b") ?? ".", "config.json");
        if (File.Exists(path))
            throw new ContainerException($"File {path} exists. Remove it first");
        AtomicFile.WriteText(path, JsonSerializer.Serialize(DefaultSpec.Create(), RuntimeJson.Indented.Spec));
        return 0;
    }

    private static int Create(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, CreateValued, CreateSwitches);
        runtime.Create(CreateOptionsFrom(a, "create"));
        return 0;
    }

    private static int Start(ContainerRuntime runtime, string[] args)
        => Simple(args, "start", runtime.Start);

    /// <summary>`run`: create and start at once; without --detach wait, clean up, and exit with the container's status.</summary>
    private static int RunContainer(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, CreateValued, CreateSwitches);
        var options = CreateOptionsFrom(a, "run");
        var record = runtime.CreateRunning(options);
        if (a.Has("detach") || a.Has("d")) return 0;
        using var forward = SignalForwarding.To(record.Pid);
        var status = ContainerRuntime.Wait(record.Pid);
        if (!a.Has("keep")) runtime.Delete(record, force: true);
        return status;
    }

    private static int State(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, None, None);
        Console.WriteLine(ContainerRuntime.ToJson(runtime.State(a.Id("state"))));
        return 0;
    }

    private static int Kill(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, None, new HashSet<string> { "all", "a" });
        var signal = a.Positionals.Count > 1 ? Signals.Parse(a.Positionals[1]) : Signals.SIGTERM;
        runtime.Kill(a.Id("kill"), signal, a.Has("all") || a.Has("a"));
        return 0;
    }

    private static int Delete(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, None, new HashSet<string> { "force", "f" });
        runtime.Delete(a.Id("delete"), a.Has("force") || a.Has("f"));
        return 0;
    }

    private static int Exec(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args,
            new HashSet<string> { "cwd", "env", "e", "user", "u", "additional-gids", "g", "process", "p", "pid-file", "console-socket", "cap", "c", "apparmor", "process-label", "preserve-fds", "cgroup", "pidfd-socket" },
            new HashSet<string> { "tty", "t", "detach", "d", "no-new-privs", "ignore-paused" },
            stopAtFirstPositional: true);
        var id = a.Id("exec");
        Oci.Runtime.Process? process = null;
        if ((a.Value("process") ?? a.Value("p")) is { } processFile)
            process = JsonSerializer.Deserialize(File.ReadAllBytes(processFile), RuntimeJson.Default.Process)
                      ?? throw new ContainerException($"{processFile}: empty process");
        var options = new ExecOptions(id)
        {
            Process = process,
            Args = a.Positionals.Skip(1).ToList(),
            Tty = a.Has("tty") || a.Has("t"),
            Cwd = a.Value("cwd"),
            Env = [.. a.Values("env"), .. a.Values("e")],
            User = a.Value("user") ?? a.Value("u"),
            AdditionalGids = a.Values("additional-gids").Concat(a.Values("g")).Select(uint.Parse).ToList(),
            PidFile = a.Value("pid-file"),
            ConsoleSocket = a.Value("console-socket"),
        };
        var pid = runtime.Exec(options);
        if (a.Has("detach") || a.Has("d")) return 0;
        using var forward = SignalForwarding.To(pid);
        return ContainerRuntime.Wait(pid);
    }

    private static int Ps(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, new HashSet<string> { "format", "f" }, None);
        var pids = runtime.Pids(a.Id("ps"));
        if ((a.Value("format") ?? a.Value("f")) == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(pids.ToList(), RuntimeJson.Default.ListInt32));
            return 0;
        }
        Console.WriteLine("PID    CMD");
        foreach (var pid in pids)
        {
            string cmd;
            try
            {
                cmd = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                continue;
            }
            Console.WriteLine($"{pid,-6} {cmd}");
        }
        return 0;
    }

    private static int List(ContainerRuntime runtime, string[] args)
    {
        var a = new ArgReader(args, new HashSet<string> { "format", "f" }, new HashSet<string> { "quiet", "q" });
        var all = runtime.List();
        if (a.Has("quiet") || a.Has("q"))
        {
            foreach (var c in all) Console.WriteLine(c.Id);
            return 0;
        }
        if ((a.Value("format") ?? a.Value("f")) == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(all.ToList(), RuntimeJson.Default.ListRuntimeStateView));
            return 0;
        }
        Console.WriteLine($"{"ID",-20} {"PID",-8} {"STATUS",-10} {"BUNDLE",-40} {"CREATED",-30} OWNER");
        foreach (var c in all)
            Console.WriteLine($"{c.Id,-20} {c.Pid,-8} {c.Status,-10} {c.Bundle,-40} {c.Created:O} {c.Owner}");
        return 0;
    }

    /// <summary>Hidden self-test: the spawn primitive under GC pressure in this NativeAOT process.</summary>
    private static int SpawnStressTest(Spawn.SpawnPath path, string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 2000;
        var report = Spawn.SpawnStress.Run(count, TimeSpan.FromSeconds(10), path);
        Console.WriteLine(report);
        return report.Hangs == 0 && report.Failures == 0 ? 0 : 1;
    }

    private static int Simple(string[] args, string command, Action<string> action)
    {
        var a = new ArgReader(args, None, None);
        action(a.Id(command));
        return 0;
    }
}
