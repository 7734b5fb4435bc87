using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary><c>docker images</c> filters through the real docker CLI: a repository argument, reference globs,
/// dangling, label, before/since, and the 400 for an unknown filter.</summary>
public sealed class ImageFilterTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private WharfDaemon D => fixture.Daemon;

    private string[] Lines(params string[] args)
    {
        var r = D.Docker(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [SkippableFact]
    public void RepositoryArgumentAndReferenceGlobsSelectImages()
    {
        D.Docker("tag", "busybox", "filtertest/alpha:1");
        D.Docker("tag", "busybox", "filtertest/beta:2");

        Assert.Equal(["filtertest/alpha:1"], Lines("images", "filtertest/alpha", "--format", "{{.Repository}}:{{.Tag}}"));
        var globbed = Lines("images", "--filter", "reference=filtertest/*", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Equal(["filtertest/alpha:1", "filtertest/beta:2"], globbed.Order().ToArray());
        Assert.Equal(["filtertest/beta:2"], Lines("images", "--filter", "reference=*/beta:2", "--format", "{{.Repository}}:{{.Tag}}"));
        Assert.Empty(Lines("images", "--filter", "reference=nothing-like-this", "-q"));
    }

    [SkippableFact]
    public void DanglingLabelAndUnknownFilters()
    {
        var tar = Path.Combine(Path.GetTempPath(), $"filter-rootfs-{Guid.NewGuid():N}.tar");
        try
        {
            var make = ProcessRunner.Run(RepoPaths.Script("make-busybox-rootfs.sh"), ["--tar", tar]);
            Assert.True(make.ExitCode == 0, make.ToString());
            string untagged = D.Docker("import", "-c", "LABEL filtertest=yes", tar).Stdout.Trim();
            Assert.StartsWith("sha256:", untagged);
            string shortId = untagged["sha256:".Length..][..12];

            Assert.Contains(shortId, Lines("images", "--filter", "dangling=true", "-q"));
            Assert.DoesNotContain(shortId, Lines("images", "--filter", "dangling=false", "-q"));
            Assert.Equal([shortId], Lines("images", "-a", "--filter", "label=filtertest=yes", "-q").Distinct().ToArray());
            Assert.Empty(Lines("images", "--filter", "label=filtertest=no", "-q"));

            var bad = D.Docker("images", "--filter", "colour=blue");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("invalid filter 'colour'", bad.Stderr);
            D.Docker("rmi", untagged);
        }
        finally { File.Delete(tar); }
    }
}
