using System.Security.Cryptography;

/// <summary>
/// COUNT distinct random blobs of one size, each pushed as docker pushes a layer (POST, PATCH, PUT) and pulled
/// with a GET read to the end. Content is generated and hashed when the load is made, before timing starts.
/// </summary>
sealed class BlobLoad(RegistryCalls registry, string label, double sizeMb, int count) : ILoad
{
    readonly string repo = RegistryCalls.UniqueRepository(label);
    readonly (byte[] Bytes, string Digest)[] blobs = Enumerable.Range(0, count).Select(_ =>
    {
        var bytes = RandomNumberGenerator.GetBytes((int)(sizeMb * 1024 * 1024));
        return (bytes, RegistryCalls.Sha256Digest(bytes));
    }).ToArray();

    public string CaseName => FormattableString.Invariant($"{sizeMb}MB");

    public long BytesPerItem => blobs[0].Bytes.Length;

    public Task PushAsync(int i) => registry.PushBlobAsync(repo, blobs[i].Bytes, blobs[i].Digest);

    public async Task PullAsync(int i)
    {
        long total = await registry.ReadBlobAsync(repo, blobs[i].Digest);
        if (total != blobs[i].Bytes.Length) throw new InvalidDataException($"GET returned {total} of {blobs[i].Bytes.Length} bytes");
    }
}
