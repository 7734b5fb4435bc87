using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wharf.Distribution.Server.Storage;
using Wharf.Oci;

namespace Wharf.Registry.Tests;

/// <summary>
/// The file driver's O_DIRECT writer: whole blocks go to the disk unbuffered, and the file still holds
/// exactly the bytes appended after every append, whatever their sizes and alignment, across reopens
/// (an upload resumed after a restart) and through the registry's chunked uploads.
/// </summary>
public sealed class DirectWriteTests : IDisposable
{
    private const int O_DIRECT = 0x4000; // x86-64's value
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-direct-write-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public async Task TheWriterHoldsItsFileOpenWithODirect()
    {
        Skip.If(RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm, "O_DIRECT has another value on arm");
        var storage = new FileSystemStorage(_root, directWrites: true);
        await using var writer = await storage.OpenWriterAsync("up/data", append: false);
        await writer.AppendAsync(new byte[8192]);
        var path = Path.Combine(_root, "up", "data");
        var fds = DescriptorsOf(path).Select(FlagsOf).ToList();
        Assert.Contains(fds, flags => (flags & O_DIRECT) != 0);
    }

    [SkippableFact]
    public async Task WritesGoThroughThePageCacheByDefault()
    {
        Skip.If(RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm, "O_DIRECT has another value on arm");
        var storage = new FileSystemStorage(_root);
        await using var writer = await storage.OpenWriterAsync("up/data", append: false);
        await writer.AppendAsync(new byte[8192]);
        var path = Path.Combine(_root, "up", "data");
        var fds = DescriptorsOf(path);
        Assert.NotEmpty(fds);
        Assert.All(fds, fd => Assert.Equal(0, FlagsOf(fd) & O_DIRECT));
    }

    [Fact]
    public async Task AppendsOfAnySizeAndAlignmentReadBackExactlyAcrossReopens()
    {
        var storage = new CheckedStorage(new FileSystemStorage(_root, directWrites: true));
        var path = Path.Combine(_root, "up", "data");
        // Sizes around the 4 KiB block and the 1 MiB staging buffer, from aligned and unaligned memory.
        int[] sizes = [1, 4095, 4096, 4097, 3, (1 << 20) + 3, 1 << 20, 8191, 100_000, (2 << 20) - 5, 12_288, 7];
        var aligned = AlignedBuffer(3 << 20, out var alignedArray);
        var expected = new MemoryStream();
        IStorageWriter? writer = null;
        for (int i = 0; i < sizes.Length; i++)
        {
            // A new writer for every other append, as a PATCH after a restart gets; the first creates the file.
            if (i % 2 == 0)
            {
                if (writer is not null) await writer.DisposeAsync();
                writer = await storage.OpenWriterAsync("up/data", append: i > 0);
                Assert.Equal(expected.Length, writer.Size);
            }
            var chunk = TestRegistry.RandomBytes(sizes[i]);
            await writer!.AppendAsync(i % 3 == 0 ? UnalignedCopy(chunk) : CopyInto(aligned, chunk));
            expected.Write(chunk);
            Assert.Equal(expected.Length, writer.Size);
            Assert.Equal(expected.Length, new FileInfo(path).Length); // every appended byte is in the file, no padding
        }
        await writer!.CommitAsync();
        await writer.DisposeAsync();
        GC.KeepAlive(alignedArray);
        Assert.Equal(expected.ToArray(), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task ChunkedUploadWithUnalignedChunksResumesAfterRestartAndChecksTheDigest()
    {
        var content = TestRegistry.RandomBytes((3 << 20) + 1234);
        int[] cuts = [0, 1, 4097, (1 << 20) + 11, 2 << 20, content.Length];
        var digest = Digest.Sha256(content);
        var good = await UploadInTwoRunsAsync(content, cuts);
        var bad = await UploadInTwoRunsAsync(content, cuts);

        await using var r = await TestRegistry.StartAsync(_root);
        var wrong = Digest.Sha256([.. content, 0]);
        await TestRegistry.AssertErrorAsync(await r.Client.PutAsync(TestRegistry.WithQuery(bad, $"digest={wrong}"), null), HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/app/blobs/{wrong}")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await r.Client.PutAsync(TestRegistry.WithQuery(good, $"digest={digest}"), null)).StatusCode);
        Assert.Equal(content, await r.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
    }

    /// <summary>Sends the chunks between <paramref name="cuts"/>: the first half to one registry, the rest to a restarted one. Returns the upload's location.</summary>
    private async Task<string> UploadInTwoRunsAsync(byte[] content, int[] cuts)
    {
        string location;
        int half = cuts.Length / 2;
        await using (var first = await TestRegistry.StartAsync(_root))
        {
            location = (await first.Client.PostAsync("/v2/app/blobs/uploads/", null)).Headers.Location!.ToString();
            for (int i = 0; i < half; i++) await PatchAsync(first, location, content, cuts[i], cuts[i + 1]);
        }
        await using var second = await TestRegistry.StartAsync(_root);
        Assert.Equal($"0-{cuts[half] - 1}", (await second.Client.GetAsync(location)).Headers.GetValues("Range").Single());
        for (int i = half; i < cuts.Length - 1; i++) await PatchAsync(second, location, content, cuts[i], cuts[i + 1]);
        return location;
    }

    private static async Task PatchAsync(TestRegistry r, string location, byte[] content, int from, int to)
    {
        var chunk = new ByteArrayContent(content, from, to - from);
        chunk.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{to - 1}");
        var response = await r.Client.PatchAsync(location, chunk);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"0-{to - 1}", response.Headers.GetValues("Range").Single());
    }

    /// <summary>This process's descriptors open on <paramref name="path"/>. Other tests open and close theirs meanwhile: one gone between the listing and the look is skipped.</summary>
    private static List<string> DescriptorsOf(string path)
    {
        List<string> found = [];
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == path) found.Add(Path.GetFileName(fd));
            }
            catch (IOException) { }
        }
        return found;
    }

    private static int FlagsOf(string fd)
    {
        var line = File.ReadLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        return Convert.ToInt32(line["flags:".Length..].Trim(), 8);
    }

    /// <summary>A 4 KiB-aligned window of a pinned array, as the registry's upload buffers are.</summary>
    private static unsafe Memory<byte> AlignedBuffer(int size, out byte[] pinned)
    {
        pinned = GC.AllocateUninitializedArray<byte>(size + 4096, pinned: true);
        int skew = (int)((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned)) % 4096);
        return MemoryMarshal.CreateFromPinnedArray(pinned, skew == 0 ? 0 : 4096 - skew, size);
    }

    private static ReadOnlyMemory<byte> CopyInto(Memory<byte> aligned, byte[] chunk)
    {
        chunk.CopyTo(aligned);
        return aligned[..chunk.Length];
    }

    /// <summary>The bytes at an odd address, so no direct write can take them as they are.</summary>
    private static ReadOnlyMemory<byte> UnalignedCopy(byte[] chunk)
    {
        var holder = new byte[chunk.Length + 1];
        chunk.CopyTo(holder, 1);
        return holder.AsMemory(1);
    }
}
