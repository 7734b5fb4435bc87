using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>Bad input gets runc-shaped errors naming the field or path, and leaves nothing behind.</summary>
public sealed class BadInputTests
{
    private static void AssertNothingLeft(RuntimeCli cli, string id)
    {
        Assert.False(Directory.Exists(Path.Combine(cli.StateRoot, id)), "state directory left behind");
        Assert.False(Requires.CgroupDirExists(id), "cgroup left behind");
    }

    [SkippableFact]
    public void InvalidConfigJsonNamesThePlace()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle();
        File.WriteAllText(Path.Combine(bundle.Dir, "config.json"), "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": 5}}");
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("bad");
        var r = cli.Run("create", id, "--bundle", bundle.Dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("config.json: invalid JSON at $.process.args", r.Stderr);
        AssertNothingLeft(cli, id);
    }

    [SkippableFact]
    public void MissingRootfsNamesThePath()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle();
        bundle.Spec.Root!.Path = "no-such-rootfs";
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("bad");
        var r = cli.Run("create", id, "--bundle", bundle.Write());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"rootfs ({bundle.Dir}/no-such-rootfs) does not exist", r.Stderr);
        AssertNothingLeft(cli, id);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void MissingBinaryIsReportedLikeRunc(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("no-such-program");
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("bad");
        var r = cli.Run("create", id, "--bundle", bundle.Write());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("exec: \"no-such-program\": executable file not found in $PATH", r.Stderr);
        AssertNothingLeft(cli, id);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void FailedMountNamesCallPathAndErrno(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle();
        bundle.Spec.Mounts!.Add(new Oci.Runtime.Mount { Destination = "/weird", Type = "no-such-fs", Source = "x" });
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("bad");
        var r = cli.Run("run", id, "--bundle", bundle.Write());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"mount no-such-fs on {bundle.Rootfs}/weird: ENODEV", r.Stderr);
        AssertNothingLeft(cli, id);
    }

    [SkippableFact]
    public void DuplicateIdIsRefusedAndTheFirstSurvives()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sleep", "30");
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("dup");
        cli.Ok("create", id, "--bundle", bundle.Write());
        var r = cli.Run("create", id, "--bundle", bundle.Dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"container with id exists: {id}", r.Stderr);
        Assert.Contains("\"created\"", cli.Ok("state", id).Stdout);
        cli.Ok("delete", id);
        AssertNothingLeft(cli, id);
    }

    [SkippableFact]
    public void UnknownIdAndStoppedContainerErrors()
    {
        Requires.RootAndBinary();
        using var cli = new RuntimeCli();
        foreach (var command in new[] { "state", "start", "kill", "delete", "pause", "resume" })
        {
            var r = cli.Run(command, "nope");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("container \"nope\" does not exist", r.Stderr);
        }
        Assert.Contains("invalid id format", cli.Run("state", "../etc").Stderr);

        using var bundle = new BusyboxBundle("true");
        var id = RuntimeCli.NewId("stop");
        cli.Ok("run", "-d", id, "--bundle", bundle.Write());
        Poll.Until(() => cli.Ok("state", id).Stdout.Contains("\"stopped\""), "the container to stop");
        var kill = cli.Run("kill", id, "KILL");
        Assert.Equal(1, kill.ExitCode);
        Assert.Contains("container not running", kill.Stderr);
        Assert.Contains("cannot start a container that has stopped", cli.Run("start", id).Stderr);
        cli.Ok("delete", id);
        AssertNothingLeft(cli, id);
    }
}
