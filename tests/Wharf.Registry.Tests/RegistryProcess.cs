using System.Diagnostics;
using System.Runtime.InteropServices;
using Wharf.TestSupport;

namespace Wharf.Registry.Tests;

/// <summary>The built <c>wharf-registry</c> binary running as its own process; stopped by PID (SIGTERM, then SIGKILL).</summary>
public sealed partial class RegistryProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private RegistryProcess(Process process, Uri address, Task<string> stderr)
    {
        _process = process;
        BaseAddress = address;
        _stderr = stderr;
    }

    public static string BinaryPath => RepoPaths.Binary("wharf-registry");
    public static bool Available => File.Exists(BinaryPath);
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;

    public static async Task<RegistryProcess> StartAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(BinaryPath, ["serve", .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
        var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        var seen = new List<string>();
        while ((line = await process.StandardError.ReadLineAsync(cts.Token)) is not null)
        {
            seen.Add(line);
            const string marker = "listening on ";
            int at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var url = line[(at + marker.Length)..].Split(' ')[0];
            return new RegistryProcess(process, new Uri(url + "/"), process.StandardError.ReadToEndAsync());
        }
        await process.WaitForExitAsync();
        throw new InvalidOperationException($"wharf-registry exited {process.ExitCode} before listening: {string.Join('\n', seen)}");
    }

    /// <summary>Sends SIGTERM (graceful shutdown) without waiting.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0) throw new InvalidOperationException($"kill {_process.Id}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>SIGKILL: the registry gets no chance to clean up, as in a crash.</summary>
    public void Crash()
    {
        if (Kill(_process.Id, 9) != 0) throw new InvalidOperationException($"kill -9 {_process.Id}: errno {Marshal.GetLastPInvokeError()}");
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to exit; returns its exit code and what it wrote to stderr after start.</summary>
    public async Task<(int ExitCode, string Stderr)> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return (_process.ExitCode, await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Terminate();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
