using Wharf.Engine.State;

namespace Wharf.Engine.Init;

/// <summary>The container init as a file: assembled in memory, written once into the exec root (atomically, then made 0755),
/// and bind-mounted by each <c>--init</c> container at /sbin/docker-init.</summary>
public static class InitBinary
{
    public const string FileName = "wharf-init";

    private static readonly Lazy<byte[]> s_image = new(() => ElfImage.Executable(InitProgram.Assemble()));
    private static readonly Lock s_write = new();

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>The static ELF executable's bytes.</summary>
    public static ReadOnlySpan<byte> Image => s_image.Value;

    /// <summary>Writes <c>DIR/wharf-init</c> unless it already holds exactly these bytes, and returns its path.
    /// A running container keeps the file it bind-mounted: the rename gives new containers a new inode.</summary>
    public static string EnsureWritten(string directory)
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            throw new PlatformNotSupportedException("the container init is a Linux x86-64 executable");
        string path = Path.Combine(directory, FileName);
        lock (s_write)
        {
            if (IsCurrent(path)) return path;
            Directory.CreateDirectory(directory);
            AtomicFile.Write(path, Image);
            // Executable only once complete: a crash before this chmod leaves a file IsCurrent rejects and rewrites.
            File.SetUnixFileMode(path, Executable);
            return path;
        }
    }

    private static bool IsCurrent(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != Image.Length || info.UnixFileMode != Executable) return false;
        return File.ReadAllBytes(path).AsSpan().SequenceEqual(Image);
    }
}
