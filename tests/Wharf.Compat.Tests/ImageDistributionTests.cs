using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>Image distribution through the real docker CLI against wharfd: push/pull with a real registry on
/// loopback, save/load, commit, export, diff, image prune and the in-use conflict of rmi.</summary>
public sealed class ImageDistributionTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private WharfDaemon D => fixture.Daemon;

    private static void Ok(CommandResult r) => Assert.True(r.ExitCode == 0, r.ToString());

    [SkippableFact]
    public void PushRemovePullAndRunThroughALoopbackRegistry()
    {
        var d = D;
        Skip.IfNot(LocalRegistry.Available, "needs Debian's docker-registry (/usr/bin/docker-registry)");
        using var registry = new LocalRegistry();
        string name = $"{registry.Host}/test/busybox:1";
        Ok(d.Docker("tag", "busybox", name));
        string localId = d.Docker("image", "inspect", "-f", "{{.Id}}", name).Stdout.Trim();

        var push = d.DockerWith(null, TimeSpan.FromSeconds(120), "push", name);
        Ok(push);
        Assert.Contains($"The push refers to repository [{registry.Host}/test/busybox]", push.Stdout);
        Assert.Matches(@"1: digest: sha256:[0-9a-f]{64} size: \d+", push.Stdout);

        // The registry really holds it: its tag list says so over plain HTTP.
        using (var http = new HttpClient())
            Assert.Contains("\"1\"", http.GetStringAsync($"http://{registry.Host}/v2/test/busybox/tags/list").GetAwaiter().GetResult());

        Ok(d.Docker("rmi", name));
        Assert.NotEqual(0, d.Docker("image", "inspect", name).ExitCode);

        var pull = d.DockerWith(null, TimeSpan.FromSeconds(120), "pull", name);
        Ok(pull);
        Assert.Contains("Digest: sha256:", pull.Stdout);
        Assert.Contains($"Status: Downloaded newer image for {name}", pull.Stdout);
        Assert.Equal(localId, d.Docker("image", "inspect", "-f", "{{.Id}}", name).Stdout.Trim());
        Assert.Contains($"{registry.Host}/test/busybox@sha256:", d.Docker("image", "inspect", "-f", "{{json .RepoDigests}}", name).Stdout);

        var run = d.Docker("run", "--rm", name, "echo", "pulled and running");
        Ok(run);
        Assert.Equal("pulled and running\n", run.Stdout);
        Ok(d.Docker("rmi", name));
    }

    [SkippableFact]
    public void PullOfAMissingRepositoryFailsWithDockersMessage()
    {
        var d = D;
        Skip.IfNot(LocalRegistry.Available, "needs Debian's docker-registry (/usr/bin/docker-registry)");
        using var registry = new LocalRegistry();
        var r = d.Docker("pull", $"{registry.Host}/nobody/here:1");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("pull access denied", r.Stderr);
    }

    [SkippableFact]
    public void LoginToARegistryWithoutAuthSucceeds()
    {
        var d = D;
        Skip.IfNot(LocalRegistry.Available, "needs Debian's docker-registry (/usr/bin/docker-registry)");
        using var registry = new LocalRegistry();
        var r = d.DockerWith("secret\n", TimeSpan.FromSeconds(60), "login", "-u", "someone", "--password-stdin", registry.Host);
        Ok(r);
        Assert.Contains("Login Succeeded", r.Stdout);
    }

    [SkippableFact]
    public void SaveThenLoadRoundTripsTheImage()
    {
        var d = D;
        Ok(d.Docker("tag", "busybox", "saved/busybox:rt"));
        string id = d.Docker("image", "inspect", "-f", "{{.Id}}", "saved/busybox:rt").Stdout.Trim();
        string tar = Path.Combine(d.Root, "saved.tar");
        Ok(d.DockerWith(null, TimeSpan.FromSeconds(120), "save", "-o", tar, "saved/busybox:rt"));
        Assert.True(new FileInfo(tar).Length > 100_000, "the archive should hold the busybox layer");
        var listing = ProcessRunner.Run("tar", ["-tf", tar]);
        Assert.Contains("manifest.json", listing.Stdout);

        Ok(d.Docker("rmi", "saved/busybox:rt"));
        var load = d.DockerWith(null, TimeSpan.FromSeconds(120), "load", "-i", tar);
        Ok(load);
        Assert.Contains("Loaded image: saved/busybox:rt", load.Stdout);
        Assert.Equal(id, d.Docker("image", "inspect", "-f", "{{.Id}}", "saved/busybox:rt").Stdout.Trim());
        var run = d.Docker("run", "--rm", "saved/busybox:rt", "echo", "loaded");
        Assert.Equal("loaded\n", run.Stdout);
        Ok(d.Docker("rmi", "saved/busybox:rt"));
        File.Delete(tar);
    }

    [SkippableFact]
    public void CommitKeepsTheFileTheContainerWrote()
    {
        var d = D;
        Ok(d.Docker("run", "--name", "to-commit", "busybox", "sh", "-c", "echo committed-content > /note.txt"));
        try
        {
            var commit = d.Docker("commit", "-m", "a note", "-c", "ENV FROM_COMMIT=yes", "to-commit", "committed:1");
            Ok(commit);
            Assert.Matches("^sha256:[0-9a-f]{64}$", commit.Stdout.Trim());
            var run = d.Docker("run", "--rm", "committed:1", "sh", "-c", "cat /note.txt; echo $FROM_COMMIT");
            Ok(run);
            Assert.Equal("committed-content\nyes\n", run.Stdout);
            Assert.Equal("a note", d.Docker("image", "inspect", "-f", "{{.Comment}}", "committed:1").Stdout.Trim());
            Ok(d.Docker("rmi", "committed:1"));
        }
        finally { d.Docker("rm", "-f", "to-commit"); }
    }

    [SkippableFact]
    public void ExportListsTheContainersFiles()
    {
        var d = D;
        Ok(d.Docker("run", "--name", "to-export", "busybox", "sh", "-c", "mkdir /exported && echo x > /exported/file"));
        string tar = Path.Combine(d.Root, "export.tar");
        try
        {
            Ok(d.DockerWith(null, TimeSpan.FromSeconds(60), "export", "-o", tar, "to-export"));
            var listing = ProcessRunner.Run("tar", ["-tf", tar]).Stdout.Split('\n').Select(l => l.TrimStart('.', '/').TrimEnd('/')).ToHashSet();
            Assert.Contains("exported/file", listing);
            Assert.Contains("bin/busybox", listing);
            Assert.Contains("bin/sh", listing);
            // The temporary mount of the stopped container is gone again.
            Assert.DoesNotContain(d.ExecRoot + "/export-", File.ReadAllText("/proc/self/mountinfo"));
        }
        finally
        {
            d.Docker("rm", "-f", "to-export");
            File.Delete(tar);
        }
    }

    [SkippableFact]
    public void DiffShowsAddedChangedAndDeletedPaths()
    {
        var d = D;
        Ok(d.Docker("run", "--name", "to-diff", "busybox", "sh", "-c", "echo new > /added.txt; echo more >> /etc/passwd; rm /bin/true"));
        try
        {
            var diff = d.Docker("diff", "to-diff");
            Ok(diff);
            var lines = diff.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("A /added.txt", lines);
            Assert.Contains("C /etc/passwd", lines);
            Assert.Contains("D /bin/true", lines);
            Assert.Contains("C /etc", lines);
        }
        finally { d.Docker("rm", "-f", "to-diff"); }
    }

    [SkippableFact]
    public void RemovingAnImageAContainerUsesIsAConflictAndPruneRemovesDanglingImages()
    {
        var d = D;
        Ok(d.Docker("run", "--name", "user", "busybox", "sh", "-c", "echo > /dangling"));
        try
        {
            string id = d.Docker("commit", "user").Stdout.Trim(); // untagged: dangling
            Assert.Matches("^sha256:[0-9a-f]{64}$", id);
            Ok(d.Docker("run", "--name", "user2", id, "true"));
            var rmi = d.Docker("rmi", id);
            Assert.NotEqual(0, rmi.ExitCode);
            Assert.Contains("image is being used by stopped container", rmi.Stderr);

            // In use: prune keeps it; once the container is gone prune removes it.
            d.Docker("image", "prune", "-f");
            Ok(d.Docker("image", "inspect", id));
            Ok(d.Docker("rm", "user2"));
            var prune = d.Docker("image", "prune", "-f");
            Ok(prune);
            Assert.Contains("deleted: " + id, prune.Stdout);
            Assert.NotEqual(0, d.Docker("image", "inspect", id).ExitCode);
            Assert.Contains("busybox", d.Docker("images", "--format", "{{.Repository}}").Stdout);
        }
        finally { d.Docker("rm", "-f", "user", "user2"); }
    }

    [SkippableFact]
    public void CommitPausesARunningContainerUnlessToldNotTo()
    {
        var d = D;
        Ok(d.Docker("run", "-d", "--name", "busy-commit", "busybox", "sh", "-c", "echo made > /made; sleep 300"));
        try
        {
            string since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString();
            Ok(d.Docker("commit", "busy-commit", "paused-commit:1"));
            Ok(d.Docker("commit", "--pause=false", "busy-commit", "paused-commit:2"));
            string until = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString();
            var events = d.Docker("events", "--since", since, "--until", until, "--filter", "container=busy-commit", "--format", "{{.Action}}");
            Ok(events);
            // One pause/unpause pair around the first commit, none around the second.
            Assert.Equal(["pause", "unpause", "commit", "commit"], events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(a => a is "pause" or "unpause" or "commit").ToArray());
            Assert.Equal("running", d.Docker("inspect", "-f", "{{.State.Status}}", "busy-commit").Stdout.Trim());
            Assert.Equal("made\n", d.Docker("run", "--rm", "paused-commit:1", "cat", "/made").Stdout);
        }
        finally
        {
            d.Docker("rm", "-f", "busy-commit");
            d.Docker("rmi", "paused-commit:1", "paused-commit:2");
        }
    }

    [SkippableFact]
    public void PruneUntilOnlyRemovesImagesCreatedBeforeTheGivenTime()
    {
        var d = D;
        Ok(d.Docker("run", "--name", "until-src", "busybox", "true"));
        try { Ok(d.Docker("commit", "--change", "LABEL prune-until=yes", "until-src", "until:1")); }
        finally { d.Docker("rm", "-f", "until-src"); }
        string[] only = ["image", "prune", "-a", "-f", "--filter", "label=prune-until=yes"];

        var bad = d.Docker([.. only, "--filter", "until=soon"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("failed to parse value as time or duration: \"soon\"", bad.Stderr);
        Ok(d.Docker("image", "inspect", "until:1"));

        Ok(d.Docker([.. only, "--filter", "until=1h"])); // made just now, not an hour ago: kept
        Ok(d.Docker("image", "inspect", "until:1"));

        string inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString();
        var prune = d.Docker([.. only, "--filter", "until=" + inAnHour]);
        Ok(prune);
        Assert.Contains("untagged: until:1", prune.Stdout);
        Assert.NotEqual(0, d.Docker("image", "inspect", "until:1").ExitCode);
        Ok(d.Docker("image", "inspect", "busybox")); // the label kept prune -a away from everything else
    }

    [SkippableFact]
    public void SystemDfCountsImagesAndContainers()
    {
        var d = D;
        var df = d.Docker("system", "df", "--format", "{{.Type}} {{.TotalCount}}");
        Ok(df);
        var images = df.Stdout.Split('\n').Single(l => l.StartsWith("Images ", StringComparison.Ordinal));
        Assert.True(int.Parse(images["Images ".Length..]) >= 1, df.Stdout);
    }
}
