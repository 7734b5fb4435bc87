using System.Diagnostics;
using System.Text;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Shims;

/// <summary>
/// Starts a wharf-shim for a container. The shim is started before the bundle is complete (<c>--await-bundle</c>),
/// so its process and runtime start-up overlap the rootfs mount and the spec; <see cref="LaunchingShim.CreateAsync"/>
/// then hands it the container's arguments with "create" and waits for its ready line.
/// <para>After each start one spare shim is kept ready (<see cref="EngineOptions.SpareShim"/>), started with nothing
/// but the runtime root: the next start takes it, so a shim's exec and runtime start-up are off that start's path
/// altogether. It costs one idle shim (about 0.4 MB private memory; its code pages are shared with the running
/// shims), and it exits by itself when its stdin closes, which the daemon's exit does.</para>
/// </summary>
public sealed class ShimLauncher(EngineOptions options, ContainerPaths paths) : IDisposable
{
    private readonly Lock _gate = new();
    private Process? _spare;
    private bool _starting, _disposed;

    public string ShimPath => Path.Combine(options.BinDir, "wharf-shim");

    /// <summary>The spare shim's PID, if one is ready (tests, diagnostics).</summary>
    public int? SparePid { get { lock (_gate) return _spare?.Id; } }

    /// <summary>A shim for <paramref name="c"/>: the spare when one is ready, else a new one. It waits for
    /// <see cref="LaunchingShim.CreateAsync"/> (or exits when disposed first).</summary>
    public LaunchingShim Launch(ContainerRecord c) =>
        new(TakeSpare() ?? StartShim(), ContainerArguments(c), options.SpareShim ? KeepSpareReady : null);

    /// <summary>Starts a spare in the background unless one is ready or on its way.</summary>
    public void KeepSpareReady()
    {
        lock (_gate)
        {
            if (_spare is not null || _starting || _disposed) return;
            _starting = true;
        }
        _ = Task.Run(() =>
        {
            Process? started = null;
            try { started = StartShim(); }
            catch (Exception e) when (e is EngineException or System.ComponentModel.Win32Exception or IOException) { options.Log($"starting a spare shim: {e.Message}"); }
            lock (_gate)
            {
                _starting = false;
                if (!_disposed && started is not null) { _spare = started; started = null; }
            }
            if (started is not null) CallOff(started);
        });
    }

    private Process? TakeSpare()
    {
        Process? spare;
        lock (_gate) { spare = _spare; _spare = null; }
        if (spare is not null && Gone(spare)) { spare.Dispose(); return null; } // killed from outside: start a new one
        return spare;
    }

    /// <summary>Exited, or a zombie not reaped yet (Process.HasExited can still say false then).</summary>
    private static bool Gone(Process p)
    {
        if (p.HasExited) return true;
        try
        {
            var stat = File.ReadAllText($"/proc/{p.Id}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is ['Z' or 'X', ..];
        }
        catch (IOException) { return true; }
    }

    private Process StartShim()
    {
        var psi = new ProcessStartInfo(ShimPath)
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        foreach (var a in new[] { "run", "--runtime-root", paths.RuntimeRoot, "--await-bundle" }) psi.ArgumentList.Add(a);
        // One malloc arena instead of one per thread: each arena keeps a few dirty pages, in every shim.
        psi.Environment["MALLOC_ARENA_MAX"] = "1";
        return Process.Start(psi) ?? throw new EngineException(ErrorKind.System, "cannot start wharf-shim");
    }

    /// <summary>What the shim learns with "create": everything but the runtime root it was started with.</summary>
    private List<string> ContainerArguments(ContainerRecord c)
    {
        var args = new List<string>
        {
            "--id", c.Id, "--bundle", paths.Bundle(c.Id), "--runtime", c.RuntimePath,
            "--log", paths.Log(c.Id), "--socket", paths.ShimSocket(c.Id), "--exit-file", paths.ExitFile(c.Id),
        };
        if (c.Config.Tty) args.Add("--tty");
        if (c.Config.OpenStdin) args.Add("--stdin");
        if (c.Config.StdinOnce) args.Add("--stdin-once");
        if (c.HostConfig.ConsoleSize is [int h, int w] && h > 0)
            args.AddRange(["--rows", h.ToString(), "--cols", w.ToString()]);
        return args;
    }

    private static void CallOff(Process shim) => new LaunchingShim(shim, []).Dispose();

    /// <summary>Calls the spare off (its stdin closes and it exits).</summary>
    public void Dispose()
    {
        Process? spare;
        lock (_gate) { _disposed = true; spare = _spare; _spare = null; }
        if (spare is not null) CallOff(spare);
    }
}
