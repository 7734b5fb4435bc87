using System.Text.RegularExpressions;

namespace Wharf.Runtime.Tests.Support;

/// <summary>Runs wharf-runtime's hidden `spawn-stress N` self-test and checks its report: every start done, none
/// hung or failed, and enough collections on the way to have stressed anything.</summary>
public static partial class SpawnStressRun
{
    /// <param name="globals">Global flags before the command, such as --spawn=unshare.</param>
    public static void AssertNoHangs(int starts, params string[] globals)
    {
        using var cli = new RuntimeCli();
        var r = cli.RunWithTimeout(TimeSpan.FromMinutes(5), [.. globals, "spawn-stress", starts.ToString()]);
        var report = Report().Match(r.Stdout);
        Assert.True(report.Success, r.ToString());
        Assert.Equal(starts, int.Parse(report.Groups[1].Value));
        Assert.Equal(0, int.Parse(report.Groups[2].Value));
        Assert.Equal(0, int.Parse(report.Groups[3].Value));
        Assert.True(int.Parse(report.Groups[4].Value) > starts / 10, $"too few collections to stress anything: {r.Stdout}");
        Assert.Equal(0, r.ExitCode);
    }

    [GeneratedRegex(@"starts=(\d+) hangs=(\d+) failures=(\d+) gen0-collections=(\d+)")]
    private static partial Regex Report();
}
