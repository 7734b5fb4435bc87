using Wharf.Api.Models;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    private const long DefaultHealthInterval = 30_000_000_000, DefaultHealthTimeout = 30_000_000_000;

    /// <summary>Runs the container's healthcheck on its interval while it runs, keeping State.Health like Docker.</summary>
    private void StartHealthcheck(Container c)
    {
        var hc = c.Record.Config.Healthcheck;
        if (hc?.Test is not [var kind, ..] || kind == "NONE" || c.Record.State.Health is null) return;
        var cmd = kind == "CMD-SHELL" ? ["/bin/sh", "-c", string.Join(' ', hc.Test.Skip(1))] : hc.Test.Skip(kind == "CMD" ? 1 : 0).ToList();
        var cts = new CancellationTokenSource();
        c.HealthLoop?.Cancel();
        c.HealthLoop = cts;
        var interval = TimeSpan.FromTicks((hc.Interval > 0 ? hc.Interval : DefaultHealthInterval) / 100);
        var timeout = TimeSpan.FromTicks((hc.Timeout > 0 ? hc.Timeout : DefaultHealthTimeout) / 100);
        int retries = hc.Retries > 0 ? hc.Retries : 3;
        _ = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                try { await Task.Delay(interval, cts.Token); } catch (OperationCanceledException) { return; }
                if (!c.Record.State.Running || c.Record.State.Health is not { } health) return;
                var start = DateTime.UtcNow;
                int code; string output;
                try
                {
                    using var probe = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
                    probe.CancelAfter(timeout);
                    (code, output) = await RunCapturedAsync(c, cmd, probe.Token);
                }
                catch (OperationCanceledException) when (!cts.IsCancellationRequested) { code = -1; output = "Health check exceeded timeout"; }
                catch (Exception e) { code = -1; output = e.Message; }
                if (cts.IsCancellationRequested) return;
                string before = health.Status;
                lock (c.Record)
                {
                    health.Log.Add(new HealthLogEntry { Start = Rfc3339(start), End = Rfc3339(DateTime.UtcNow), ExitCode = code, Output = output });
                    if (health.Log.Count > 5) health.Log.RemoveAt(0);
                    if (code == 0) { health.FailingStreak = 0; health.Status = "healthy"; }
                    else if (++health.FailingStreak >= retries) health.Status = "unhealthy";
                }
                Store.Save(c);
                if (health.Status != before) Emit(c, "health_status: " + health.Status);
            }
        });
    }
}
