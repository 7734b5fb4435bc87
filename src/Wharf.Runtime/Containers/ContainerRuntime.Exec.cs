using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Cgroups;
using Wharf.Runtime.Setup;
using Wharf.Runtime.Spawn;
using OciProcess = Wharf.Oci.Runtime.Process;

namespace Wharf.Runtime.Containers;

public sealed partial class ContainerRuntime
{
    /// <summary>`exec`: starts a process inside a running container, in its namespaces and cgroup. Returns its pid.</summary>
    public int Exec(ExecOptions options)
    {
        var record = Store.Load(options.Id);
        var status = Status(record);
        if (status != "running")
            throw new ContainerException(status == "paused"
                ? "cannot exec in a paused container"
                : $"cannot exec in a {status} container");
        var process = ExecProcess(record.Config.Process, options);
        var plan = new ExecPlanner(_host).Plan(record.Config.Linux, record.Pid, process,
            SeccompGlue.Compile(record.Config.Linux?.Seccomp));
        var cgroup = OpenCgroup(record.CgroupsPath);
        using var console = ConsoleSocket.Connect(options.ConsoleSocket, process.Terminal == true);
        var result = Spawner.Spawn(new SpawnRequest
        {
            Plan = plan,
            Starter = StarterFor(plan),
            ConsoleSocketFd = console is null ? -1 : (int)console.Handle,
            OnChildStarted = cgroup.AddProcess,
        });
        if (options.PidFile is { } pidFile)
            AtomicFile.WriteText(Path.GetFullPath(pidFile), result.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), durable: false);
        return result.Pid;
    }

    /// <summary>The process to run: --process as given, or the container's process with exec's overrides.</summary>
    public static OciProcess ExecProcess(OciProcess? container, ExecOptions options)
    {
        if (options.Process is { } given)
        {
            if (given.Args is not { Count: > 0 })
                throw new ContainerException("process.json: args must not be empty");
            return given;
        }
        if (options.Args.Count == 0)
            throw new ContainerException("exec: no command given (args or --process)");
        var baseJson = JsonSerializer.Serialize(container ?? new OciProcess(), RuntimeJson.Default.Process);
        var process = JsonSerializer.Deserialize(baseJson, RuntimeJson.Default.Process)!;
        process.Args = [.. options.Args];
        process.Terminal = options.Tty;
        process.ConsoleSize = null;
        process.Env = [.. process.Env ?? [], .. options.Env];
        if (options.Cwd is not null) process.Cwd = options.Cwd;
        if (options.User is not null) process.User = ParseUser(options.User);
        if (options.AdditionalGids.Count > 0) process.User.AdditionalGids = [.. options.AdditionalGids];
        return process;
    }

    private static User ParseUser(string text)
    {
        var parts = text.Split(':');
        if (parts.Length > 2 || !uint.TryParse(parts[0], out var uid))
            throw new ContainerException($"invalid --user \"{text}\": expected UID[:GID]");
        var gid = 0u;
        if (parts.Length == 2 && !uint.TryParse(parts[1], out gid))
            throw new ContainerException($"invalid --user \"{text}\": expected UID[:GID]");
        return new User { Uid = uid, Gid = gid };
    }
}
