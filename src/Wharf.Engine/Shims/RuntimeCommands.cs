using System.Diagnostics;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Shims;

/// <summary>Runtime calls wharfd makes itself (runc's CLI shape): kill, pause, resume, update, ps.</summary>
public sealed class RuntimeCommands(string runtimeRoot)
{
    public async Task<string> RunAsync(string runtime, params string[] args)
    {
        var psi = new ProcessStartInfo(runtime) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--root");
        psi.ArgumentList.Add(runtimeRoot);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new EngineException(ErrorKind.System, $"cannot run {runtime}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new EngineException(ErrorKind.System, $"{Path.GetFileName(runtime)} {args[0]} failed: {Clean(await stderr)}");
        return await stdout;
    }

    private static string Clean(string text)
    {
        int msg = text.LastIndexOf("msg=\"", StringComparison.Ordinal);
        if (msg < 0) return text.Trim();
        var m = text[(msg + 5)..];
        int end = m.IndexOf('"');
        return end > 0 ? m[..end] : m.Trim();
    }
}
