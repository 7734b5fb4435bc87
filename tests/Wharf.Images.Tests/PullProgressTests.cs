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

        // Pulled again into the same store: nothing to fetch, nothing announced as pulling or waiting.
        messages.Clear();
        using (var again = new LocalStoreDestination(store, [References.ImageReference.Parse("progress:2")], null) { MaxConcurrentLayers = 1 })
            await ImageCopier.CopyAsync(source, again, PlatformSpec.Host, Record, default);
        foreach (var id in ids) Assert.Equal(["Already exists"], StatusesOf(messages, id));
    }
}
