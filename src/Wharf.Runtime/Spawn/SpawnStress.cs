using System.Diagnostics;
using Wharf.Runtime.Containers;
using Wharf.Runtime.Setup;

namespace Wharf.Runtime.Spawn;

/// <summary>
/// The self-test behind `wharf-runtime spawn-stress N`: N starts of /bin/true through <see cref="Spawner"/>
/// in this (NativeAOT) process while two threads allocate and force collections. The vfork spawn relies on
/// runtime behaviour that is not documented (DESIGN.md), so the suite runs this; a start that does not
/// finish within its deadline counts as a hang.
/// </summary>
public static class SpawnStress
{
    public sealed record Report(int Starts, int Hangs, int Failures, int Collections, long Milliseconds)
    {
        public override string ToString()
            => $"starts={Starts} hangs={Hangs} failures={Failures} gen0-collections={Collections} ms={Milliseconds}";
    }

    /// <param name="path">With <see cref="SpawnPath.Unshare"/>, each start unshares pid, uts, ipc and mount
    /// namespaces on a throwaway thread and runs the plan in the NativeAOT second stage instead.</param>
    public static Report Run(int starts, TimeSpan deadline, SpawnPath path = SpawnPath.Vfork)
    {
        // Both spawn paths: with a handshake (cloned on a helper thread, woken by this one) and straight to exec
        // (cloned on the calling thread, which the kernel suspends until the exec).
        var namespaces = path == SpawnPath.Unshare
            ? Native.Flags.CLONE_NEWPID | Native.Flags.CLONE_NEWUTS | Native.Flags.CLONE_NEWIPC | Native.Flags.CLONE_NEWNS
            : 0;
        SpawnPlan[] plans = [TruePlan(handshake: true, namespaces), TruePlan(handshake: false, namespaces)];
        Func<IChildStarter?> starter = path == SpawnPath.Unshare
            ? () => new Fallback.UnshareStarter(Fallback.UnshareStarter.DefaultSecondStage)
            : () => null;

        var stop = 0;
        var pressure = Enumerable.Range(0, 2).Select(_ => new Thread(() => Allocate(ref stop)) { IsBackground = true }).ToList();
        pressure.ForEach(t => t.Start());
        var collections = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        int hangs = 0, failures = 0, done = 0;
        for (; done < starts && hangs == 0; done++)
        {
            var plan = plans[done % plans.Length];
            var start = Task.Run(() => ContainerRuntime.Wait(Spawner.Spawn(new SpawnRequest { Plan = plan, Starter = starter() }).Pid));
            if (!start.Wait(deadline)) hangs++;
            else if (start.Result != 0) failures++;
        }
        Volatile.Write(ref stop, 1);
        pressure.ForEach(t => t.Join());
        return new Report(done, hangs, failures, GC.CollectionCount(0) - collections, clock.ElapsedMilliseconds);
    }

    private static SpawnPlan TruePlan(bool handshake, ulong namespaces)
    {
        var plan = new SpawnPlan { CloneFlags = namespaces };
        var w = new StepWriter(plan);
        if (handshake) w.Handshake();
        new ProcessPlanner(w, HostView.Instance).Plan(
            new Oci.Runtime.Process { Args = ["/bin/true"], Env = ["PATH=/bin"], User = new() { Uid = 0, Gid = 0 } },
            seccomp: null, parkOnFifo: false, userNamespace: false);
        return plan;
    }

    private static void Allocate(ref int stop)
    {
        var keep = new List<byte[]>();
        for (var i = 1; Volatile.Read(ref stop) == 0; i++)
        {
            keep.Add(new byte[1024 * (1 + i % 64)]);
            if (keep.Count > 2000) keep.Clear();
            if (i % 500 == 0) GC.Collect(i % 1000 == 0 ? 2 : 0, GCCollectionMode.Forced, blocking: true);
        }
    }
}
