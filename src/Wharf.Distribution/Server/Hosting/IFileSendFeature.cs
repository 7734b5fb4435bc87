namespace Wharf.Distribution.Server.Hosting;

/// <summary>
/// A connection that can put a file's bytes on the socket with <c>sendfile(2)</c>, after every response byte
/// flushed before the call: the page cache's pages go to the socket without a copy into the process and back.
/// Present only on plain-HTTP connections of <see cref="RegistryServer"/> (TLS must encrypt every byte).
/// </summary>
public interface IFileSendFeature
{
    /// <summary>Sends <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>; completes once they are all in the socket.</summary>
    Task SendFileAsync(FileStream file, long offset, long count);
}
