using System.Diagnostics;
using Wharf.TestSupport;

namespace Wharf.Runtime.Tests.Support;

/// <summary>
/// Runs the built wharf-runtime (or another runtime binary) with a private --root. Dispose force-deletes
/// every container still in that root and removes it, so a failed test leaves nothing running.
/// <paramref name="spawn"/> ("vfork" or "unshare") is passed as WHARF_RUNTIME_SPAWN, the way the shim selects it.
/// </summary>
public sealed class RuntimeCli : IDisposable
{
    private readonly string? _spawn;

    public RuntimeCli(string? binary = null, string? spawn = null)
    {
        Binary = binary ?? RepoPaths.Binary("wharf-runtime");
        StateRoot = Directory.CreateTempSubdirectory("wharf-rt-state-").FullName;
        _spawn = spawn;
    }

    public string Binary { get; }

    public string StateRoot { get; }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public Result Run(params string[] args) => RunWithTimeout(TimeSpan.FromSeconds(60), args);

    /// <summary>
    /// Output goes to files, not pipes: after `create` or `run -d` the container keeps the runtime's stdio (as
    /// with runc), so a pipe would not reach end-of-file until the container exits.
    /// </summary>
    public Result RunWithTimeout(TimeSpan timeout, params string[] args)
    {
        var (process, collect) = Start(args);
        using (process)
        {
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Binary} {string.Join(' ', args)} did not finish in {timeout}");
            }
            return collect();
        }
    }

    /// <summary>Starts the runtime without waiting; the pid is the runtime's own (sh execs it).</summary>
    public (Process Process, Func<Result> Collect) Start(params string[] args)
    {
        var outFile = Path.Combine(StateRoot, $".out-{Guid.NewGuid():N}");
        var errFile = outFile + ".err";
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "-c", "exec \"$0\" \"$@\" >\"$OUT\" 2>\"$ERR\"", Binary, "--root", StateRoot }.Concat(args))
            info.ArgumentList.Add(a);
        info.Environment["OUT"] = outFile;
        info.Environment["ERR"] = errFile;
        if (_spawn is not null)
            info.Environment["WHARF_RUNTIME_SPAWN"] = _spawn;
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return (process, () =>
        {
            process.WaitForExit();
            var result = new Result(process.ExitCode, File.ReadAllText(outFile), File.ReadAllText(errFile));
            File.Delete(outFile);
            File.Delete(errFile);
            return result;
        });
    }

    /// <summary>Runs and asserts success.</summary>
    public Result Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)} failed: {r}");
        return r;
    }

    public void Dispose()
    {
        foreach (var dir in Directory.Exists(StateRoot) ? Directory.GetDirectories(StateRoot) : [])
            Run("delete", "--force", Path.GetFileName(dir));
        Directory.Delete(StateRoot, recursive: true);
    }
}
