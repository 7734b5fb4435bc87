using Wharf.Runtime.Containers;
using Wharf.Runtime.Setup;
using Wharf.Runtime.Spawn;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>
/// The vfork spawn relies on runtime behaviour that is not documented (DESIGN.md): thousands of in-process
/// starts while other threads allocate and force collections must never hang. Each start has a deadline;
/// WHARF_GC_STRESS_STARTS raises the count (default 2000).
/// </summary>
public sealed class GcStressTests
{
    [SkippableFact]
    public void ThousandsOfSpawnsUnderGcPressureNeverHang()
    {
        Skip.IfNot(Requires.IsRoot, "needs root: the plan switches user and group like a container process");
        var starts = int.TryParse(Environment.GetEnvironmentVariable("WHARF_GC_STRESS_STARTS"), out var n) ? n : 2000;
        var plan = TruePlan();
        using var stop = new CancellationTokenSource();
        var pressure = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Allocate(stop.Token))).ToArray();
        var collections = GC.CollectionCount(0);
        var failures = 0;
        try
        {
            for (var i = 0; i < starts; i++)
            {
                var start = Task.Run(() =>
                {
                    var result = Spawner.Spawn(new SpawnRequest { Plan = plan });
                    return ContainerRuntime.Wait(result.Pid);
                });
                Assert.True(start.Wait(TimeSpan.FromSeconds(10)), $"start {i} hung (GC collections so far: {GC.CollectionCount(0) - collections})");
                if (start.Result != 0) failures++;
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(pressure);
        }
        Assert.Equal(0, failures);
        Assert.True(GC.CollectionCount(0) - collections > starts / 10, "the allocating threads did not cause enough collections to stress anything");
    }

    private static SpawnPlan TruePlan()
    {
        var plan = new SpawnPlan();
        var w = new StepWriter(plan);
        w.Handshake();
        new ProcessPlanner(w, HostView.Instance).Plan(new Oci.Runtime.Process { Args = ["/bin/true"], Env = ["PATH=/bin"] },
            seccomp: null, parkOnFifo: false, userNamespace: false);
        return plan;
    }

    private static void Allocate(CancellationToken stop)
    {
        var keep = new List<byte[]>();
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            keep.Add(new byte[1024 * (1 + i % 64)]);
            if (keep.Count > 2000) keep.Clear();
            if (++i % 500 == 0) GC.Collect(i % 1000 == 0 ? 2 : 0, GCCollectionMode.Forced, blocking: true);
        }
    }
}
