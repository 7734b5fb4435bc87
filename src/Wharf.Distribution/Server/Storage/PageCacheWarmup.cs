using Microsoft.Win32.SafeHandles;

namespace Wharf.Distribution.Server.Storage;

/// <summary>
/// Reads a file that was written around the page cache (O_DIRECT) back into it, in the background, by
/// readahead: the disk's DMA fills the pages, so it costs the CPU far less than the copy a cached write
/// makes, and pulls that follow a push are served from memory instead of waiting on the disk. The kernel
/// reads ahead at most its readahead window per call, so the file is asked for window by window.
/// </summary>
internal static class PageCacheWarmup
{
    private const long Window = 8 << 20;

    /// <summary>Starts warming <paramref name="path"/>; returns at once. A hint: failures (the file already gone) are ignored.</summary>
    public static void Start(string path)
    {
        SafeFileHandle file;
        // Opened now, before the caller renames the file: the open handle follows the inode wherever it goes.
        try { file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete); }
        catch (IOException) { return; }
        _ = Task.Run(() =>
        {
            using (file)
            {
                long length;
                try { length = RandomAccess.GetLength(file); }
                catch (IOException) { return; }
                for (long offset = 0; offset < length; offset += Window) FileSync.StartReadahead(file, offset, Window);
            }
        });
    }
}
