using System.Net;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Registry.Tests;

/// <summary>When storage fails (disk full), clients get a 500 in the spec's error shape and nothing half-written shows.</summary>
public sealed class StorageFailureTests
{
    /// <summary>In-memory storage whose writes fail once <see cref="Full"/> is set, like a full disk.</summary>
    private sealed class FillableStorage : IRegistryStorage
    {
        private readonly InMemoryStorage _inner = new();
        public bool Full { get; set; }

        private void Check() { if (Full) throw new IOException("No space left on device"); }

        public ValueTask<StorageStat?> StatAsync(string key, CancellationToken ct = default) => _inner.StatAsync(key, ct);
        public ValueTask<Stream> OpenReadAsync(string key, long offset, CancellationToken ct = default) => _inner.OpenReadAsync(key, offset, ct);
        public ValueTask<IStorageWriter> OpenWriterAsync(string key, bool append, CancellationToken ct = default) { Check(); return _inner.OpenWriterAsync(key, append, ct); }
        public ValueTask<byte[]?> GetContentAsync(string key, CancellationToken ct = default) => _inner.GetContentAsync(key, ct);
        public ValueTask PutContentAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default) { Check(); return _inner.PutContentAsync(key, content, ct); }
        public ValueTask MoveAsync(string from, string to, CancellationToken ct = default) { Check(); return _inner.MoveAsync(from, to, ct); }
        public ValueTask DeleteAsync(string key, CancellationToken ct = default) => _inner.DeleteAsync(key, ct);
        public IAsyncEnumerable<string> ListAsync(string key, CancellationToken ct = default) => _inner.ListAsync(key, ct);
    }

    [Fact]
    public async Task AFullDiskIs500UnknownAndTheBlobNeverAppears()
    {
        var storage = new FillableStorage();
        await using var r = await TestRegistry.StartAsync(storage: storage);
        var location = (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
        storage.Full = true;
        var content = TestRegistry.RandomBytes(1000);
        var digest = Wharf.Oci.Digest.Sha256(content);
        await TestRegistry.AssertErrorAsync(await r.Client.PutAsync(TestRegistry.WithQuery(location, $"digest={digest}"), new ByteArrayContent(content)), HttpStatusCode.InternalServerError, "UNKNOWN");
        storage.Full = false;
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/blobs/{digest}")).StatusCode);
        // The registry keeps working once space is back.
        Assert.Equal(digest, await r.PushBlobAsync("app", content));
    }
}
