using Wharf.Oci.Runtime;
using Wharf.Runtime.Containers;
using Wharf.Runtime.Seccomp;
using Wharf.Runtime.Setup;
using Wharf.Runtime.Spawn;
using Wharf.Runtime.Spawn.Fallback;
using Wharf.Runtime.Tests.Support;
using Wharf.TestSupport;

namespace Wharf.Runtime.Tests;

/// <summary>The plan the unshare path hands its second stage arrives whole, and a plan it cannot read is reported
/// on the status pipe the way a failed step is.</summary>
public sealed class PlanCodecTests
{
    [Fact]
    public void EveryStepArgumentAndDescriptorSurvivesTheTrip()
    {
        var spec = DefaultSpec.Create();
        spec.Hostname = "codec";
        spec.Process!.ConsoleSize = new Box { Height = 24, Width = 80 };
        spec.Process.Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 100, Hard = 200 }];
        spec.Process.OomScoreAdj = 5;
        spec.Linux!.Sysctl = new() { ["net.ipv4.ip_forward"] = "1" };
        spec.Linux.Seccomp = DockerDefaultProfile.Create();
        var plan = new ContainerPlanner(new FakeHost()).Plan(spec, "/b", SeccompGlue.Compile(spec.Linux.Seccomp), parkOnFifo: true);
        var fds = new Dictionary<SpawnFd, int> { [SpawnFd.Status] = 5, [SpawnFd.Sync] = 6, [SpawnFd.ConsoleSocket] = -1, [SpawnFd.ScratchA] = 9 };

        var (decoded, decodedFds) = PlanCodec.Decode(PlanCodec.Encode(plan, fds));

        Assert.Equal(fds, decodedFds);
        Assert.Equal(plan.Steps.Count, decoded.Steps.Count);
        Assert.Contains(plan.Steps, s => s.Args.Any(a => a is PlanArg.Filter));
        Assert.Contains(plan.Steps, s => s.Args.Any(a => a is PlanArg.FdPath));
        for (var i = 0; i < plan.Steps.Count; i++)
            Assert.Equal(Describe(plan.Steps[i]), Describe(decoded.Steps[i]));
    }

    [Fact]
    public void ForeignOrTruncatedDataIsRefused()
    {
        var encoded = PlanCodec.Encode(new SpawnPlan(), new Dictionary<SpawnFd, int> { [SpawnFd.Status] = 3 });
        Assert.Contains("not written by this wharf-runtime", Assert.Throws<ContainerException>(() => PlanCodec.Decode("{}\n\0\0\0\0\0\0"u8.ToArray())).Message);
        Assert.Throws<EndOfStreamException>(() => PlanCodec.Decode(encoded[..^2]));
        Assert.Contains("trailing bytes", Assert.Throws<ContainerException>(() => PlanCodec.Decode([.. encoded, 0])).Message);
    }

    /// <summary>The NativeAOT second stage itself, given a plan it cannot read: it names the problem, sends the
    /// failure record the supervising runtime waits for (Failed, step -1, EINVAL) and exits 127.</summary>
    [SkippableFact]
    public void TheSecondStageReportsAnUnreadablePlanOnTheStatusPipe()
    {
        Requires.RootAndBinary();
        var dir = Directory.CreateTempSubdirectory("wharf-rt-codec-").FullName;
        try
        {
            var plan = Path.Combine(dir, "plan");
            var status = Path.Combine(dir, "status");
            File.WriteAllText(plan, "not a plan");
            var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardError = true };
            foreach (var a in new[] { "-c", "exec \"$0\" init-stage 3 4 3<\"$1\" 4>\"$2\"", RepoPaths.Binary("wharf-runtime"), plan, status })
                info.ArgumentList.Add(a);
            using var stage = System.Diagnostics.Process.Start(info)!;
            var stderr = stage.StandardError.ReadToEnd();
            Assert.True(stage.WaitForExit(TimeSpan.FromSeconds(30)), "init-stage did not exit");
            Assert.Equal(127, stage.ExitCode);
            Assert.Contains("init-stage: the plan was not written by this wharf-runtime version", stderr);
            var record = File.ReadAllBytes(status);
            Assert.Equal(12, record.Length);
            Assert.Equal((int)ChildStatus.Failed, BitConverter.ToInt32(record, 0));
            Assert.Equal(-1, BitConverter.ToInt32(record, 4));
            Assert.Equal(22, BitConverter.ToInt32(record, 8));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Describe(PlanStep s)
        => $"{s.Op} {s.Nr} {s.Call} {s.Target} {s.StoreIn} {s.IgnoreErrno} {s.FallbackErrno} {s.SkipOnSuccess} {s.SkipOnIgnore} "
           + $"{s.Blocking} [{string.Join("; ", s.Args.Select(Describe))}]";

    private static string Describe(PlanArg a) => a switch
    {
        PlanArg.Bytes b => "bytes " + Convert.ToHexString(b.Value),
        PlanArg.Filter f => "filter " + Convert.ToHexString(f.Program),
        PlanArg.TextArray t => "texts " + string.Join('\u0001', t.Values),
        _ => a.ToString(),
    };
}
