using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>`exec` joins a running container: same pid namespace, hostname, files and cgroup.</summary>
public sealed class ExecTests
{
    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void ExecSeesTheContainersNamespacesAndFiles(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "echo secret > /tmp/marker; sleep 60");
        bundle.Spec.Hostname = "exec-host";
        bundle.Spec.Root!.Readonly = false;
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("exec");
        cli.Ok("run", "-d", id, "--bundle", bundle.Write());
        Poll.Until(() => File.Exists(Path.Combine(bundle.Root, "upper/tmp/marker")), "the marker file");

        var r = cli.Ok("exec", id, "sh", "-c", "hostname; cat /tmp/marker; cat /proc/1/cmdline | tr '\\0' ' '; echo; echo self=$$; [ \"$(cat /proc/self/cgroup)\" = \"$(cat /proc/1/cgroup)\" ] && echo same-cgroup");
        var lines = r.Stdout.Split('\n');
        Assert.Equal("exec-host", lines[0]);
        Assert.Equal("secret", lines[1]);
        Assert.StartsWith("sleep 60", lines[2]); // busybox sh execs its last command: the init
        Assert.Matches(@"^self=\d+$", lines[3]);
        Assert.NotEqual("self=1", lines[3]);
        Assert.Equal("same-cgroup", lines[4]);

        Assert.Equal(5, cli.Run("exec", id, "sh", "-c", "exit 5").ExitCode);
        var user = cli.Ok("exec", "--user", "1000:1000", "--env", "FOO=bar", "--cwd", "/tmp", id, "sh", "-c", "id -u; echo $FOO; pwd");
        Assert.Equal(["1000", "bar", "/tmp"], user.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var missing = cli.Run("exec", id, "no-such-tool");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("exec: \"no-such-tool\": executable file not found in $PATH", missing.Stderr);
        cli.Ok("delete", "--force", id);
    }

    [SkippableFact]
    public void ExecWithProcessJson()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sleep", "60");
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("execp");
        cli.Ok("run", "-d", id, "--bundle", bundle.Write());
        var processJson = Path.Combine(bundle.Root, "process.json");
        File.WriteAllText(processJson, """{"user":{"uid":7,"gid":8},"args":["sh","-c","id -u; id -g; echo $X"],"env":["X=y","PATH=/bin"],"cwd":"/"}""");
        var pidFile = Path.Combine(bundle.Root, "exec.pid");
        var r = cli.Ok("exec", "--process", processJson, "--pid-file", pidFile, id);
        Assert.Equal(["7", "8", "y"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(int.Parse(File.ReadAllText(pidFile)) > 0);
        cli.Ok("delete", "--force", id);
    }
}
