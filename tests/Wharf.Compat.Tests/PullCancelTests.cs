using System.Diagnostics;
using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>A docker CLI that goes away in the middle of a pull (Ctrl-C, a killed terminal) cancels the pull in
/// the daemon, as with dockerd: the registry sees the layer download closed and no image is stored.</summary>
public sealed class PullCancelTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [SkippableFact]
    public async Task AClientThatHangsUpCancelsItsPull()
    {
        var d = fixture.Daemon;
        // 16 MiB at 16 KiB per 50 ms: the whole layer would take about 50 s.
        using var registry = new SlowBlobRegistry(16, TimeSpan.FromMilliseconds(50));
        string image = $"{registry.Host}/slow:latest";
        var psi = new ProcessStartInfo(WharfDaemon.DockerCli, ["pull", image]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in d.Env()) psi.Environment[k] = v;
        using var pull = Process.Start(psi)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        pull.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        pull.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        pull.BeginOutputReadLine();
        pull.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (registry.LayerBytesSent == 0 && DateTime.UtcNow < deadline && !pull.HasExited) await Task.Delay(50);
            Assert.True(registry.LayerBytesSent > 0, $"the layer download never started:\n{string.Join('\n', output)}\nrequests:\n{string.Join('\n', registry.Requests)}");
        }
        finally
        {
            if (!pull.HasExited) pull.Kill();
            await pull.WaitForExitAsync();
        }

        // Without the cancellation the daemon would read on to the end and the layer would never be abandoned.
        await registry.LayerAbandoned.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(registry.LayerBytesSent < registry.LayerSize, $"the whole layer was sent ({registry.LayerBytesSent} bytes)");
        var inspect = d.Docker("image", "inspect", image);
        Assert.NotEqual(0, inspect.ExitCode);
        Assert.Contains("No such image", inspect.Stderr);
    }
}
