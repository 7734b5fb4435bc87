using System.Diagnostics;

namespace Wharf.Registry.Tests;

/// <summary>Runs a real client program (skopeo, docker-registry, …) with a deadline; a program that overruns is killed by its PID.</summary>
public static class ExternalTool
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }
        return (p.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> RunCheckedAsync(string file, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(file, args);
        Assert.True(code == 0, $"{Path.GetFileName(file)} {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }
}
