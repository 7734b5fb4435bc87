namespace Wharf.Cli.Tests.EndToEnd;

/// <summary>images, import, tag, rmi, history and image inspect against a real wharfd.</summary>
[Collection("wharfd")]
public sealed class ImageCommandTests(WharfDaemonFixture d)
{
    private Task<CliResult> Wharf(params string[] args) => d.WharfAsync(args);

    [SkippableFact]
    public async Task Import_tag_list_and_remove()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var tar = Path.Combine(d.Dir, "small.tar");
        var make = System.Diagnostics.Process.Start("bash", [global::Wharf.TestSupport.RepoPaths.Script("make-busybox-rootfs.sh"), "--tar", tar]);
        await make.WaitForExitAsync();

        var import = await Wharf("import", "-m", "from the cli test", tar, "e2e-img:v1");
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", import.Stdout);
        var id = import.Stdout.Trim();

        Assert.Equal(0, (await Wharf("tag", "e2e-img:v1", "e2e-img:v2")).ExitCode);
        var images = await Wharf("images", "e2e-img");
        Assert.StartsWith("REPOSITORY   TAG       IMAGE ID       CREATED", images.Stdout);
        Assert.Contains($"e2e-img      v1        {id[7..19]}", images.Stdout);
        Assert.Contains($"e2e-img      v2        {id[7..19]}", images.Stdout);
        Assert.Contains("e2e-img:v1\ne2e-img:v2\n", (await Wharf("images", "--format", "{{.Repository}}:{{.Tag}}")).Stdout);
        Assert.Equal("from the cli test\n", (await Wharf("image", "inspect", "-f", "{{.Comment}}", "e2e-img:v1")).Stdout);
        var history = await Wharf("history", "e2e-img:v1");
        Assert.StartsWith("IMAGE          CREATED", history.Stdout);

        var rmi = await Wharf("rmi", "e2e-img:v2");
        Assert.Equal("Untagged: e2e-img:v2\n", rmi.Stdout);
        var rmi2 = await Wharf("rmi", "e2e-img:v1");
        Assert.Contains("Untagged: e2e-img:v1", rmi2.Stdout);
        Assert.Contains("Deleted: " + id, rmi2.Stdout);
        var missing = await Wharf("rmi", "e2e-img:v1");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error response from daemon: No such image: e2e-img:v1", missing.Stderr);
    }

    [SkippableFact]
    public async Task Images_with_a_repository_argument_lists_only_that_repository()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var busybox = (await Wharf("images", "-q", "busybox")).Stdout;
        Assert.Matches("^[0-9a-f]{12}\n$", busybox); // the CLI sends reference=busybox; the daemon filters
        Assert.Equal("", (await Wharf("images", "-q", "no-such-repo-anywhere")).Stdout);
    }

    [SkippableFact]
    public async Task Run_of_an_image_that_cannot_be_pulled_says_so_and_exits_125()
    {
        Skip.If(d.SkipReason != null, d.SkipReason);
        var r = await Wharf("run", "--rm", "localhost:1/e2e-nothing-here:v9", "true");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Unable to find image 'localhost:1/e2e-nothing-here:v9' locally", r.Stderr);
    }
}
