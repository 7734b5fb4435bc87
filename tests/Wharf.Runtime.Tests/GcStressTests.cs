using System.Text.RegularExpressions;
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
        using var cli = new RuntimeCli();
        var r = cli.RunWithTimeout(TimeSpan.FromMinutes(5), "spawn-stress", starts.ToString());
        var report = Regex.Match(r.Stdout, @"starts=(\d+) hangs=(\d+) failures=(\d+) gen0-collections=(\d+)");
        Assert.True(report.Success, r.ToString());
        Assert.Equal(starts, int.Parse(report.Groups[1].Value));
        Assert.Equal(0, int.Parse(report.Groups[2].Value));
        Assert.Equal(0, int.Parse(report.Groups[3].Value));
        Assert.True(int.Parse(report.Groups[4].Value) > starts / 10, $"too few collections to stress anything: {r.Stdout}");
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void SpawnRefusesToRunUnderAJit()
    {
        var plan = new Wharf.Runtime.Spawn.SpawnPlan();
        var e = Assert.Throws<ContainerException>(() => Wharf.Runtime.Spawn.Spawner.Spawn(new Wharf.Runtime.Spawn.SpawnRequest { Plan = plan }));
        Assert.Contains("NativeAOT", e.Message);
    }
}
