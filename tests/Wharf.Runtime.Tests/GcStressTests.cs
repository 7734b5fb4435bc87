using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>
/// The vfork spawn relies on runtime behaviour that is not documented (DESIGN.md): thousands of starts of the
/// library's spawn primitive, in-process in the NativeAOT wharf-runtime (`spawn-stress`), while other
/// threads allocate and force collections, must never hang. WHARF_GC_STRESS_STARTS raises the count.
/// </summary>
public sealed class GcStressTests
{
    [SkippableFact]
    public void ThousandsOfSpawnsUnderGcPressureNeverHang()
    {
        Requires.RootAndBinary();
        var starts = int.TryParse(Environment.GetEnvironmentVariable("WHARF_GC_STRESS_STARTS"), out var n) ? n : 2000;
        SpawnStressRun.AssertNoHangs(starts);
    }

    [Fact]
    public void SpawnRefusesToRunUnderAJit()
    {
        var plan = new Wharf.Runtime.Spawn.SpawnPlan();
        var e = Assert.Throws<ContainerException>(() => Wharf.Runtime.Spawn.Spawner.Spawn(new Wharf.Runtime.Spawn.SpawnRequest { Plan = plan }));
        Assert.Contains("NativeAOT", e.Message);
    }
}
