using System.Text.Json;
using Wharf.Runtime;
using Wharf.Runtime.Containers;

namespace Wharf.Shim;

/// <summary>The built-in runtime called in this process (DESIGN.md, "Processes"): no runtime binary is exec'd for
/// create, start, exec or delete, which saves a NativeAOT process start each. Only for the wharf-runtime built with
/// this shim, so both read the same state format. The vfork spawn needs NativeAOT, which the shim is.</summary>
internal sealed class LibraryRuntime(string root) : IRuntimeDriver
{
    private readonly ContainerRuntime _runtime = new(root);

    public Task<SpawnedProcess> CreateAsync(ShimOptions options) =>
        SpawnAsync(options.Tty, options.OpenStdin, console => _runtime.Create(new CreateOptions(options.Id, options.Bundle)
        {
            ConsoleSocket = console,
            PidFile = Path.Combine(options.Bundle, "init.pid"), // what cleanup tools read, as with a runtime binary
        }).Pid);

    public string? Start(string id)
    {
        try
        {
            _runtime.Start(id);
            return null;
        }
        catch (Exception e) when (IsRuntimeError(e)) { return e.Message; }
    }

    public void Delete(string id)
    {
        try { _runtime.Delete(id, force: true); }
        catch (Exception e) when (IsRuntimeError(e)) { Console.Error.WriteLine($"wharf-shim: delete {id}: {e.Message}"); }
    }

    public Task<SpawnedProcess> ExecAsync(string id, string execId, string processJson, bool tty, bool keepStdin)
    {
        var process = JsonSerializer.Deserialize(processJson, RuntimeJson.Default.Process) ?? throw new RuntimeFailure("exec: empty process");
        return SpawnAsync(tty, keepStdin, console => _runtime.Exec(new ExecOptions(id) { Process = process, ConsoleSocket = console }));
    }

    /// <summary>Spawns with a console socket (tty) or with fresh pipes as the child's fds 0-2.</summary>
    private static async Task<SpawnedProcess> SpawnAsync(bool tty, bool keepStdin, Func<string?, int> spawn)
    {
        if (tty)
        {
            using var console = new ConsoleReceiver();
            var master = console.ReceiveAsync(CancellationToken.None);
            int ttyPid = Run(() => spawn(console.Path));
            return new SpawnedProcess(ttyPid, ProcessStdio.FromPty(await master.WaitAsync(TimeSpan.FromSeconds(10))));
        }
        using var pipes = StdioPipes.Create();
        int pid = Run(() => StdioRedirect.While(pipes.ChildEnds, () => spawn(null)));
        return new SpawnedProcess(pid, pipes.TakeParentEnds(keepStdin));
    }

    private static int Run(Func<int> spawn)
    {
        try { return spawn(); }
        catch (Exception e) when (IsRuntimeError(e)) { throw new RuntimeFailure(e.Message); }
    }

    private static bool IsRuntimeError(Exception e) =>
        e is ContainerException or IOException or UnauthorizedAccessException or JsonException;
}
