using System.Text.RegularExpressions;
using Wharf.Runtime.Cgroups;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>
/// The container's init is in its cgroup in every hierarchy before it runs the user's program: the v1 ones it
/// joins itself, the cgroup2 one it is cloned into (clone3 CLONE_INTO_CGROUP) or, without clone3, joins itself.
/// </summary>
public sealed partial class CgroupJoinAtCreateTests
{
    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void TheParkedInitIsInItsCgroupInEveryHierarchy(string spawn)
    {
        Requires.RootAndBinary();
        var layout = CgroupLayout.Detect();
        using var bundle = new BusyboxBundle("true");
        var id = RuntimeCli.NewId("cgjoin");
        bundle.Spec.Linux!.CgroupsPath = "/wharf-test-" + id;
        using var cli = new RuntimeCli(spawn: spawn);
        cli.Ok("create", id, "--bundle", bundle.Write());
        try
        {
            var pid = int.Parse(PidField().Match(cli.Ok("state", id).Stdout).Groups[1].Value);
            var membership = File.ReadAllText($"/proc/{pid}/cgroup");
            var cgroup = CgroupManager.Open("/wharf-test-" + id, layout);
            if (layout.Mode != CgroupMode.Legacy)
                Assert.Contains($"0::{cgroup.Path}\n", membership);
            foreach (var controller in cgroup.Paths.Keys.Where(c => c != ""))
                Assert.Matches($@"(?m)^\d+:([a-z_,]+,)?{controller}(,[a-z_,]+)?:{cgroup.Path}$", membership);
            // The cgroup's own view agrees: the init is listed in the cgroup2 directory.
            if (layout.Mode != CgroupMode.Legacy)
                Assert.Contains(pid.ToString(), File.ReadAllText(Path.Combine(cgroup.Paths[""], "cgroup.procs")).Split('\n'));
        }
        finally
        {
            cli.Ok("delete", "--force", id);
        }
        Assert.All(CgroupManager.Open("/wharf-test-" + id, layout).Paths.Values, dir => Assert.False(Directory.Exists(dir), dir));
    }

    [GeneratedRegex("\"pid\":\\s*(\\d+)")]
    private static partial Regex PidField();
}
