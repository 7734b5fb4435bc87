using Wharf.Cli.Commands;
using Wharf.Cli.Containers;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Tests.Flags;

public sealed class FlagParserTests
{
    private static ParsedFlags ParseRun(params string[] args) =>
        FlagParser.Parse(new RunCommand().Flags, args);

    [Fact]
    public void Combined_short_switches_and_trailing_value_flag()
    {
        var f = ParseRun("-dit", "--rm", "-eA=1", "-e", "B=2", "--name=web", "-p8080:80", "busybox", "sh", "-c", "echo -e hi");
        Assert.True(f.GetBool("detach"));
        Assert.True(f.GetBool("interactive"));
        Assert.True(f.GetBool("tty"));
        Assert.True(f.GetBool("rm"));
        Assert.Equal(["A=1", "B=2"], f.GetList("env"));
        Assert.Equal("web", f.Get("name"));
        Assert.Equal(["8080:80"], f.GetList("publish"));
        Assert.Equal(["busybox", "sh", "-c", "echo -e hi"], f.Args); // flags after the image belong to the command
    }

    [Fact]
    public void Bool_values_defaults_and_double_dash()
    {
        var f = ParseRun("--sig-proxy=false", "-t=false", "--", "-image-like", "x");
        Assert.False(f.GetBool("sig-proxy"));
        Assert.False(f.GetBool("tty"));
        Assert.Equal(["-image-like", "x"], f.Args);
        Assert.True(ParseRun("busybox").GetBool("sig-proxy"));
        Assert.False(ParseRun("busybox").Changed("sig-proxy"));
    }

    [Fact]
    public void Interspersed_commands_accept_flags_after_arguments()
    {
        var f = FlagParser.Parse(new RmCommand().Flags, ["a", "-f", "b", "-v"]);
        Assert.Equal(["a", "b"], f.Args);
        Assert.True(f.GetBool("force"));
        Assert.True(f.GetBool("volumes"));
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown flag: --bogus")]
    [InlineData(new[] { "-z" }, "unknown shorthand flag: 'z' in -z")]
    [InlineData(new[] { "-itz" }, "unknown shorthand flag: 'z' in -itz")]
    [InlineData(new[] { "--name" }, "flag needs an argument: --name")]
    [InlineData(new[] { "-e" }, "flag needs an argument: 'e' in -e")]
    [InlineData(new[] { "-m", "abc", "busybox" }, "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'")]
    [InlineData(new[] { "--rm=maybe" }, "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    [InlineData(new[] { "--stop-timeout", "x" }, "invalid argument \"x\" for \"--stop-timeout\" flag: strconv.ParseInt: parsing \"x\": invalid syntax")]
    public void Errors_read_like_pflag(string[] args, string message) =>
        Assert.Equal(message, Assert.Throws<FlagException>(() => ParseRun(args)).Message);

    [Fact]
    public void Run_flags_build_the_create_body()
    {
        var f = ParseRun("-it", "--rm", "-u", "1000:1000", "-w", "/tmp", "-h", "box", "--entrypoint", "", "--init", "--read-only",
            "--cap-add", "net_admin", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--privileged", "-m", "64m", "--cpus", "1.5",
            "--pids-limit", "100", "--ulimit", "nofile=1024:2048", "--restart", "no", "--network", "none", "--runtime", "crun",
            "--health-cmd", "true", "--health-interval", "1m30s", "--stop-signal", "SIGUSR1", "--stop-timeout", "7", "-l", "a=b", "-l", "c",
            "-p", "127.0.0.1:8080:80/udp", "-v", "/host:/ctr:ro", "-v", "/anon", "busybox", "sh");
        var r = ContainerOptions.Build(f, f.Args, detached: false, (24, 80));
        Assert.Equal("busybox", r.Image);
        Assert.Equal(["sh"], r.Cmd);
        Assert.True(r.Tty && r.OpenStdin && r.StdinOnce && r.AttachStdin && r.AttachStdout && r.AttachStderr);
        Assert.Equal("1000:1000", r.User);
        Assert.Equal([""], r.Entrypoint);
        Assert.Equal(7, r.StopTimeout);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b", ["c"] = "" }, r.Labels);
        Assert.Equal(["CMD-SHELL", "true"], r.Healthcheck!.Test);
        Assert.Equal(90_000_000_000L, r.Healthcheck.Interval);
        var h = r.HostConfig!;
        Assert.True(h.AutoRemove && h.Privileged && h.ReadonlyRootfs && h.Init == true);
        Assert.Equal(["CAP_NET_ADMIN"], h.CapAdd);
        Assert.Equal(["ALL"], h.CapDrop);
        Assert.Equal(64L << 20, h.Memory);
        Assert.Equal(1_500_000_000L, h.NanoCpus);
        Assert.Equal(100, h.PidsLimit);
        Assert.Equal(("nofile", 1024L, 2048L), (h.Ulimits![0].Name, h.Ulimits[0].Soft, h.Ulimits[0].Hard));
        Assert.Equal("none", h.NetworkMode);
        Assert.Equal("crun", h.Runtime);
        Assert.Equal([24, 80], h.ConsoleSize!);
        Assert.Equal("8080", h.PortBindings!["80/udp"]![0].HostPort);
        Assert.Equal("127.0.0.1", h.PortBindings["80/udp"]![0].HostIp);
        Assert.Equal(["/host:/ctr:ro"], h.Binds);
        Assert.True(r.Volumes!.ContainsKey("/anon"));
    }

    [Fact]
    public void Run_flag_conflicts_are_flag_errors()
    {
        Assert.Throws<FlagException>(() => { var f = ParseRun("--rm", "--restart", "always", "x"); ContainerOptions.Build(f, f.Args, false, null); });
        Assert.Throws<FlagException>(() => { var f = ParseRun("--restart", "sometimes", "x"); ContainerOptions.Build(f, f.Args, false, null); });
        Assert.Throws<FlagException>(() => { var f = ParseRun("-a", "stdout", "-d", "x"); ContainerOptions.Build(f, f.Args, true, null); });
        var ok = ParseRun("--restart", "on-failure:3", "x");
        Assert.Equal(3, ContainerOptions.Build(ok, ok.Args, false, null).HostConfig!.RestartPolicy.MaximumRetryCount);
    }
}
