using Wharf.Images.Copy;
using Wharf.Images.Progress;

namespace Wharf.Images.Tests;

/// <summary>The progress lines of a pull, per layer, in dockerd's order: every layer is announced first, layers
/// queued behind the download limit say "Waiting", and a layer already stored says "Already exists".</summary>
public sealed class PullProgressTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static List<string> StatusesOf(List<JsonMessage> messages, string id) =>
        messages.Where(m => m.Id == id && m.Status is not ("Downloading" or "Extracting")).Select(m => m.Status!).ToList();

    [SkippableFact]
    public async Task Layers_beyond_the_download_limit_are_announced_then_wait()
    {
        Skip.IfNot(Mounter.IsRoot, "unpacking sets ownership: root only");
        var layers = Enumerable.Range(0, 3).Select(i => new TarBuilder().File($"f{i}", new string('x', 100_000 + i)).ToArray()).ToArray();
        var source = new MemoryImageSource(layers);
        var store = LocalImageStore.Open(_tmp.Sub("data"));
        var messages = new List<JsonMessage>();
        void Record(JsonMessage m) { lock (messages) messages.Add(m); }
        using (var destination = new LocalStoreDestination(store, [References.ImageReference.Parse("progress:1")], null) { MaxConcurrentLayers = 1 })
            await ImageCopier.CopyAsync(source, destination, PlatformSpec.Host, Record, default);

        var ids = source.Layers.Select(l => Oci.Digest.Parse(l.Digest).Short).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        // All three are announced before the first byte of any layer is reported.
        int firstBar = messages.FindIndex(m => m.Status == "Downloading");
        Assert.Equal(ids, messages.Take(firstBar).Where(m => m.Status == "Pulling fs layer").Select(m => m.Id));
        string[] done = ["Verifying Checksum", "Download complete", "Pull complete"];
        Assert.Equal(["Pulling fs layer", .. done], StatusesOf(messages, ids[0]));
        Assert.Equal(["Pulling fs layer", "Waiting", .. done], StatusesOf(messages, ids[1]));
        Assert.Equal(["Pulling fs layer", "Waiting", .. done], StatusesOf(messages, ids[2]));
        Assert.All(messages.Where(m => m.Id is not null), m => Assert.NotNull(m.ProgressDetail));

        // Pulled again into the same store: nothing to fetch, nothing announced as pulling or waiting.
        messages.Clear();
        using (var again = new LocalStoreDestination(store, [References.ImageReference.Parse("progress:2")], null) { MaxConcurrentLayers = 1 })
            await ImageCopier.CopyAsync(source, again, PlatformSpec.Host, Record, default);
        foreach (var id in ids) Assert.Equal(["Already exists"], StatusesOf(messages, id));
    }

    [Fact]
    public void Layer_status_lines_carry_an_empty_progress_detail_like_dockerd()
    {
        // The docker CLI redraws a layer's line in place only for messages with progressDetail; dockerd's bytes:
        Assert.Equal("""{"status":"Waiting","progressDetail":{},"id":"0123456789ab"}""",
            System.Text.Json.JsonSerializer.Serialize(JsonMessage.Layer("Waiting", "0123456789ab"), JsonMessageJson.Default.JsonMessage));
        Assert.Equal("""{"status":"Pulling from library/busybox","id":"latest"}""",
            System.Text.Json.JsonSerializer.Serialize(JsonMessage.Of("Pulling from library/busybox", "latest"), JsonMessageJson.Default.JsonMessage));
        Assert.Contains("""{"status":"Downloading","progressDetail":{"total":300},"progress":""",
            System.Text.Json.JsonSerializer.Serialize(JsonMessage.Bar("Downloading", "0123456789ab", 0, 300), JsonMessageJson.Default.JsonMessage));
    }
}
