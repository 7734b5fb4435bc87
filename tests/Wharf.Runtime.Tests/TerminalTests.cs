using Wharf.Oci.Runtime;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>process.terminal: the pty master arrives on the console socket and carries the container's output.</summary>
public sealed class TerminalTests
{
    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public async Task PtyMasterIsSentOverTheConsoleSocket(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sh", "-c", "readlink /proc/self/fd/0; stty size; [ -t 1 ] && echo is-a-tty; ls -l /dev/console | cut -c1");
        bundle.Spec.Process!.Terminal = true;
        bundle.Spec.Process.ConsoleSize = new Box { Height = 40, Width = 100 };
        using var server = new ConsoleSocketServer();
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("tty");
        var receive = server.ReceiveMasterAsync(TimeSpan.FromSeconds(20));
        cli.Ok("create", id, "--bundle", bundle.Write(), "--console-socket", server.Path);
        var (master, name) = await receive;
        try
        {
            Assert.Equal("/dev/ptmx", name);
            cli.Ok("start", id);
            var output = ConsoleSocketServer.ReadAll(master, TimeSpan.FromSeconds(10));
            Assert.Contains("/dev/pts/0", output);
            Assert.Contains("40 100", output);
            Assert.Contains("is-a-tty", output);
            Assert.Contains("c", output.Split('\n').Last(l => l.Trim().Length > 0));
        }
        finally
        {
            ConsoleSocketServer.close(master);
        }
    }

    [SkippableFact]
    public void TerminalWithoutConsoleSocketIsRefused()
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("true");
        bundle.Spec.Process!.Terminal = true;
        using var cli = new RuntimeCli();
        var id = RuntimeCli.NewId("tty");
        var r = cli.Run("create", id, "--bundle", bundle.Write());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("console-socket", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(cli.StateRoot, id)));
        Assert.False(Requires.CgroupDirExists(id));
    }
}
