using Wharf.Runtime;
using Wharf.Runtime.Cli;
using Wharf.Runtime.Containers;
using Wharf.Runtime.Spawn;

// wharf-runtime: an OCI runtime with runc's command-line shape.
if (args is [InitStageCommand.Verb, ..])
    return InitStageCommand.Run(args[1..]);

var globalsValued = new HashSet<string> { "root", "log", "log-format", "criu", "rootless", "spawn" };
var globalSwitches = new HashSet<string> { "debug", "systemd-cgroup", "help", "h", "version", "v" };

// Global flags come before the command name.
var index = 0;
var globals = new List<string>();
while (index < args.Length && args[index].StartsWith('-'))
{
    var name = args[index].TrimStart('-');
    globals.Add(args[index++]);
    if (!name.Contains('=') && globalsValued.Contains(name) && index < args.Length)
        globals.Add(args[index++]);
}

RuntimeLog log = new(null, false);
try
{
    var global = new ArgReader(globals, globalsValued, globalSwitches);
    log = new RuntimeLog(global.Value("log"), global.Value("log-format") == "json");
    if (global.Has("version") || global.Has("v"))
    {
        Console.WriteLine("wharf-runtime version 0.1.0\nspec: 1.2.0");
        return 0;
    }
    if (index >= args.Length || global.Has("help") || global.Has("h"))
    {
        Console.Error.WriteLine(Commands.Usage);
        return index >= args.Length ? 1 : 0;
    }
    var root = global.Value("root") ?? StateStore.DefaultRoot;
    var runtime = global.Value("spawn") is { } spawn
        ? new ContainerRuntime(root) { SpawnPath = SpawnPaths.Parse(spawn, "--spawn") }
        : new ContainerRuntime(root);
    return Commands.Run(runtime, args[index], args[(index + 1)..]);
}
catch (Exception e) when (e is ContainerException or SyscallException or UsageException or IOException or UnauthorizedAccessException)
{
    log.Error(e.Message);
    return 1;
}
