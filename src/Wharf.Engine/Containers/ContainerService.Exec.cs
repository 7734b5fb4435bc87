using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Wharf.Api.Models;
using Wharf.Engine.Errors;
using Wharf.Engine.Exec;
using Wharf.Oci.Runtime;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    private readonly ConcurrentDictionary<string, ExecRecord> _execs = new(StringComparer.Ordinal);

    public ExecRecord CreateExec(Container c, ExecCreateRequest request)
    {
        if (request.Cmd is not { Count: > 0 }) throw EngineException.Invalid("No exec command specified");
        if (!c.Record.State.Running) throw EngineException.Conflict($"container {c.Id} is not running");
        if (c.Record.State.Paused) throw EngineException.Conflict($"container {c.Id} is paused, unpause the container before exec");
        var exec = new ExecRecord { Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), ContainerId = c.Id, Config = request };
        _execs[exec.Id] = exec;
        Emit(c, "exec_create: " + string.Join(' ', request.Cmd), new() { ["execID"] = exec.Id });
        return exec;
    }

    public ExecRecord GetExec(string id) => _execs.TryGetValue(id, out var e) ? e : throw EngineException.NoSuchExec(id);

    public IEnumerable<string> ExecIdsOf(Container c) => _execs.Values.Where(e => e.ContainerId == c.Id).Select(e => e.Id);

    /// <summary>Starts an exec in the container's shim and returns the shim stream: frames of output, then the exit
    /// frame. Input written to the socket is the process's stdin; a half-close ends it.</summary>
    public async Task<Socket> StartExecAsync(ExecRecord exec, int rows, int cols, CancellationToken ct)
    {
        var c = Store.Get(exec.ContainerId);
        if (exec.Started) throw EngineException.Conflict($"Error: Exec command {exec.Id} has already run");
        if (!c.Record.State.Running) throw EngineException.Conflict($"container {c.Id} is not running");
        exec.Started = true;
        exec.Running = true;
        var process = ExecProcess(c, exec.Config);
        string json = JsonSerializer.Serialize(process, OciProcessJson.Default.Process);
        var cfg = exec.Config;
        var socket = await Shim(c).OpenStreamAsync($"exec {exec.Id} {(cfg.Tty ? 1 : 0)} {(cfg.AttachStdin ? 1 : 0)} {rows} {cols}\n{json}", ct);
        Emit(c, "exec_start: " + string.Join(' ', cfg.Cmd!), new() { ["execID"] = exec.Id });
        return socket;
    }

    public void ExecFinished(ExecRecord exec, int exitCode)
    {
        exec.Running = false;
        exec.ExitCode = exitCode;
        if (Store.TryGet(exec.ContainerId) is { } c) Emit(c, "exec_die", new() { ["execID"] = exec.Id, ["exitCode"] = exitCode.ToString() });
    }

    public Task ResizeExecAsync(ExecRecord exec, int rows, int cols)
    {
        var c = Store.Get(exec.ContainerId);
        return Shim(c).CallAsync($"exec-resize {exec.Id} {rows} {cols}");
    }

    private Process ExecProcess(Container c, ExecCreateRequest cfg)
    {
        var r = c.Record;
        var caps = cfg.Privileged ? Wharf.Runtime.Capabilities.CapabilityNames.All.ToList() : [.. SpecBuilder.Capabilities(r.HostConfig)];
        var (uid, gid, _) = UserResolver.Resolve(Paths.Rootfs(c.Id), cfg.User.Length > 0 ? cfg.User : r.Config.User);
        var env = new List<string>(r.Config.Env ?? []);
        foreach (var e in cfg.Env ?? [])
        {
            string key = e.Split('=', 2)[0];
            env.RemoveAll(x => x.Split('=', 2)[0] == key);
            env.Add(e);
        }
        return new Process
        {
            Terminal = cfg.Tty,
            User = new User { Uid = uid, Gid = gid },
            Args = cfg.Cmd!,
            Env = env,
            Cwd = cfg.WorkingDir.Length > 0 ? cfg.WorkingDir : r.Config.WorkingDir.Length > 0 ? r.Config.WorkingDir : "/",
            Capabilities = new LinuxCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            Rlimits = SpecBuilder.Rlimits(r.HostConfig),
            NoNewPrivileges = r.HostConfig.SecurityOpt?.Any(o => o.StartsWith("no-new-privileges", StringComparison.Ordinal) && !o.EndsWith("false")) == true ? true : null,
        };
    }

    /// <summary>Runs a command in the container and collects its output (healthchecks).</summary>
    public async Task<(int ExitCode, string Output)> RunCapturedAsync(Container c, List<string> cmd, CancellationToken ct)
    {
        var exec = CreateExec(c, new ExecCreateRequest { Cmd = cmd, AttachStdout = true, AttachStderr = true });
        using var socket = await StartExecAsync(exec, 0, 0, ct);
        var output = new System.Text.StringBuilder();
        int code = -1;
        await foreach (var (type, payload) in Shims.ShimFrameReader.ReadAsync(socket, ct))
        {
            if (type is 1 or 2 or 3) { if (output.Length < 4096) output.Append(System.Text.Encoding.UTF8.GetString(payload)); }
            else if (type == 16) code = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload);
        }
        ExecFinished(exec, code);
        _execs.TryRemove(exec.Id, out _);
        return (code, output.ToString());
    }
}
