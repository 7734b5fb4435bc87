using System.Text.Json;
using Wharf.Oci.Runtime;
using Wharf.Runtime.Tests.Support;

namespace Wharf.Runtime.Tests;

/// <summary>prestart, createRuntime, poststart and poststop hooks run at their moments with the state on stdin.</summary>
public sealed class HookTests
{
    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void HooksRunWithStateOnStdin(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("sleep", "30");
        var log = Path.Combine(bundle.Root, "hooks.log");
        Hook Hook(string stage) => new()
        {
            Path = "/bin/sh",
            Args = ["sh", "-c", $"echo {stage} $(cat) >> {log}"],
        };
        bundle.Spec.Hooks = new Hooks
        {
            Prestart = [Hook("prestart")], CreateRuntime = [Hook("createRuntime")],
            Poststart = [Hook("poststart")], Poststop = [Hook("poststop")],
        };
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("hook");
        cli.Ok("create", id, "--bundle", bundle.Write());
        var afterCreate = File.ReadAllLines(log);
        Assert.Equal(["prestart", "createRuntime"], afterCreate.Select(l => l.Split(' ')[0]));
        var state = JsonDocument.Parse(afterCreate[0][(afterCreate[0].IndexOf(' ') + 1)..]).RootElement;
        Assert.Equal(id, state.GetProperty("id").GetString());
        Assert.Equal("creating", state.GetProperty("status").GetString());
        Assert.True(state.GetProperty("pid").GetInt32() > 0);
        Assert.Equal(bundle.Dir, state.GetProperty("bundle").GetString());

        cli.Ok("start", id);
        Assert.Equal("poststart", File.ReadAllLines(log)[2].Split(' ')[0]);
        cli.Ok("delete", "--force", id);
        var last = File.ReadAllLines(log)[3];
        Assert.StartsWith("poststop", last);
        Assert.Contains("\"stopped\"", last);
    }

    [SkippableTheory]
    [InlineData("vfork")]
    [InlineData("unshare")]
    public void FailingPrestartHookFailsCreateAndCleansUp(string spawn)
    {
        Requires.RootAndBinary();
        using var bundle = new BusyboxBundle("true");
        bundle.Spec.Hooks = new Hooks { Prestart = [new Hook { Path = "/bin/sh", Args = ["sh", "-c", "echo nope >&2; exit 2"] }] };
        using var cli = new RuntimeCli(spawn: spawn);
        var id = RuntimeCli.NewId("hook");
        var r = cli.Run("create", id, "--bundle", bundle.Write());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("prestart hook /bin/sh: exit status 2: nope", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(cli.StateRoot, id)));
        Assert.False(Requires.CgroupDirExists(id));
    }
}
