using System.Diagnostics;

namespace Wharf.Cli.Tests.EndToEnd;

/// <summary>The outcome of running the real wharf binary.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>Runs a program with DOCKER_HOST pointing at the test daemon and collects its output, with a hard timeout.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(string program, IEnumerable<string> args, string host, string? stdin = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOCKER_HOST"] = host;
        start.Environment["DOCKER_CONFIG"] = Path.Combine(Path.GetDirectoryName(host["unix://".Length..])!, "config");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin != null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeoutSeconds}s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
