using System.Security.Cryptography;

namespace Wharf.Distribution.Server.Content;

/// <summary>
/// In-memory companion of an upload's data on storage: the running SHA-256 of the bytes appended so
/// far, so completing an upload does not re-read it. After a restart (or a failed write) the hash no
/// longer matches the stored size and is rebuilt from storage once.
/// </summary>
internal sealed class UploadSession
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
    public IncrementalHash Hash { get; private set; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>How many bytes <see cref="Hash"/> covers; -1 when it must be rebuilt.</summary>
    public long HashedBytes { get; set; }

    public void ResetHash()
    {
        Hash.Dispose();
        Hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        HashedBytes = 0;
    }
}
