using System.Diagnostics;

namespace Wharf.Cli.Tests.EndToEnd;

/// <summary>The docker-CLI compatibility scenarios, driven with the real wharf binary against a real wharfd.</summary>
[Collection("wharfd")]
public sealed class ContainerLifecycleTests(WharfDaemonFixture d)
{
    private Task<CliResult> Wharf(params string[] args) => d.WharfAsync(args);

    private async Task<string> RunDetachedAsync(params string[] args)
    {
        var r = await d.WharfAsync(["run", "-d", .. args]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var id = r.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        return id;
    }

    [SkippableFact]
    public async Task Piped_stdin_reaches_the_container_and_eof_ends_it()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var r = await d.WharfAsync(["run", "-i", "--rm", "busybox", "cat"], stdin: "hi\nthere\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("hi\nthere\n", r.Stdout);
    }

    [SkippableFact]
    public async Task Run_exits_with_the_container_status_and_keeps_stderr_apart()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var r = await Wharf("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("out\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
    }

    [SkippableFact]
    public async Task Run_of_a_missing_executable_exits_127()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var r = await Wharf("run", "--rm", "busybox", "/no/such/program");
        Assert.True(r.ExitCode is 127 or 126, r.ToString());
        Assert.Contains("Error response from daemon", r.Stderr);
    }

    [SkippableFact]
    public async Task Detached_container_is_listed_inspected_and_removed()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var id = await RunDetachedAsync("--name", "e2e-ps", "-l", "suite=cli", "busybox", "sleep", "30");
        var ps = await Wharf("ps");
        Assert.Equal(0, ps.ExitCode);
        Assert.StartsWith("CONTAINER ID   IMAGE", ps.Stdout);
        Assert.Contains(id[..12], ps.Stdout);
        Assert.Contains("e2e-ps", ps.Stdout);
        Assert.Contains("Up ", ps.Stdout);

        var formatted = await Wharf("ps", "--filter", "label=suite=cli", "--format", "{{.Names}} {{.Label \"suite\"}} {{.State}}");
        Assert.Equal("e2e-ps cli running\n", formatted.Stdout);
        Assert.Equal("true\n", (await Wharf("inspect", "-f", "{{.State.Running}}", "e2e-ps")).Stdout);
        Assert.Equal("/e2e-ps\n", (await Wharf("container", "inspect", "--format", "{{.Name}}", id[..12])).Stdout);

        Assert.Equal(0, (await Wharf("rm", "-f", "e2e-ps")).ExitCode);
        var gone = await Wharf("inspect", "e2e-ps");
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal("[]\n", gone.Stdout);
        Assert.Contains("No such object: e2e-ps", gone.Stderr);
    }

    [SkippableFact]
    public async Task Logs_follow_streams_until_the_container_exits()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var id = await RunDetachedAsync("busybox", "sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.3; done; echo bye >&2");
        var watch = Stopwatch.StartNew();
        var logs = await Wharf("logs", "-f", id);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal("line1\nline2\nline3\n", logs.Stdout);
        Assert.Equal("bye\n", logs.Stderr);
        Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(300), "logs -f returned before the container finished");
        var tail = await Wharf("logs", "--tail", "2", id); // the last two lines across both streams
        Assert.Equal(("line3\n", "bye\n"), (tail.Stdout, tail.Stderr));
        await Wharf("rm", "-f", id);
    }

    [SkippableFact]
    public async Task Stop_with_a_timeout_kills_a_process_that_ignores_sigterm()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var id = await RunDetachedAsync("busybox", "sh", "-c", "trap '' TERM; while true; do sleep 0.1; done");
        var watch = Stopwatch.StartNew();
        var stop = await Wharf("stop", "-t", "1", id);
        watch.Stop();
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(id + "\n", stop.Stdout);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Equal("137 false\n", (await Wharf("inspect", "-f", "{{.State.ExitCode}} {{.State.Running}}", id)).Stdout);
        await Wharf("rm", id);
    }

    [SkippableFact]
    public async Task Rename_pause_unpause_and_wait()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var id = await RunDetachedAsync("--name", "e2e-old", "busybox", "sleep", "30");
        Assert.Equal(0, (await Wharf("rename", "e2e-old", "e2e-new")).ExitCode);
        Assert.Equal("/e2e-new\n", (await Wharf("inspect", "-f", "{{.Name}}", id)).Stdout);

        Assert.Equal("e2e-new\n", (await Wharf("pause", "e2e-new")).Stdout);
        Assert.Equal("true paused\n", (await Wharf("inspect", "-f", "{{.State.Paused}} {{.State.Status}}", id)).Stdout);
        Assert.Contains("Paused", (await Wharf("ps", "--format", "{{.Status}}", "--filter", "name=e2e-new")).Stdout);
        Assert.Equal("e2e-new\n", (await Wharf("unpause", "e2e-new")).Stdout);
        Assert.Equal("false running\n", (await Wharf("inspect", "-f", "{{.State.Paused}} {{.State.Status}}", id)).Stdout);

        await Wharf("kill", "-s", "KILL", id);
        var wait = await Wharf("wait", id);
        Assert.Equal("137\n", wait.Stdout);
        await Wharf("rm", id);
    }

    [SkippableFact]
    public async Task Exec_returns_the_command_status_and_sees_env_and_workdir()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var id = await RunDetachedAsync("busybox", "sleep", "30");
        var r = await Wharf("exec", "-e", "GREETING=hello", "-w", "/tmp", id, "sh", "-c", "echo $GREETING; pwd; exit 5");
        Assert.Equal(5, r.ExitCode);
        Assert.Equal("hello\n/tmp\n", r.Stdout);
        var piped = await d.WharfAsync(["exec", "-i", id, "cat"], stdin: "through exec\n");
        Assert.Equal("through exec\n", piped.Stdout);
        await Wharf("rm", "-f", id);
    }

    [SkippableFact]
    public async Task Errors_from_the_daemon_are_shown_with_docker_wording()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var rm = await Wharf("rm", "no-such-container-xyz");
        Assert.Equal(1, rm.ExitCode);
        Assert.StartsWith("Error response from daemon: No such container: no-such-container-xyz", rm.Stderr);
        var stop = await Wharf("stop", "no-such-container-xyz");
        Assert.Equal(1, stop.ExitCode);
    }
}
