namespace Wharf.Cli.Tests.EndToEnd;

/// <summary>run -it and exec -it under a real pseudo-terminal made by util-linux `script`.</summary>
[Collection("wharfd")]
public sealed class TerminalTests(WharfDaemonFixture d)
{
    private Task<CliResult> InPty(string command, string? stdin = null) =>
        CliRun.RunAsync("script", ["-qec", command, "/dev/null"], d.Host, stdin);

    [SkippableFact]
    public async Task Run_it_gives_the_container_a_tty_and_exits_with_its_status()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        Skip.If(!File.Exists("/usr/bin/script"), "util-linux script is not installed");
        var r = await InPty($"{d.Wharf} run -it --rm busybox sh -c 'tty; stty size; exit 4'");
        Assert.True(r.ExitCode == 4, r.ToString());
        Assert.Contains("/dev/pts/", r.Stdout);
        Assert.DoesNotContain("not a tty", r.Stdout);
    }

    [SkippableFact]
    public async Task Exec_it_runs_an_interactive_shell_fed_through_the_terminal()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        Skip.If(!File.Exists("/usr/bin/script"), "util-linux script is not installed");
        var run = await d.WharfAsync(["run", "-d", "busybox", "sleep", "30"]);
        var id = run.Stdout.Trim();
        var r = await InPty($"{d.Wharf} exec -it {id} sh", stdin: "echo from-$((40+2))\nexit 6\n");
        Assert.True(r.ExitCode == 6, r.ToString());
        Assert.Contains("from-42", r.Stdout);
        await d.WharfAsync(["rm", "-f", id]);
    }
}
