using Wharf.Engine.Errors;
using Wharf.Engine.State;

namespace Wharf.Engine.Init;

/// <summary>The container init as a file: assembled in memory, written once into the exec root (or the data root when
/// the exec root is mounted noexec) atomically, then made 0755; each <c>--init</c> container bind-mounts it at
/// /sbin/docker-init.</summary>
public static class InitBinary
{
    public const string FileName = "wharf-init";

    private static readonly Lazy<byte[]> s_image = new(() => ElfImage.Executable(InitProgram.Assemble()));
    private static readonly Lock s_write = new();

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>The static ELF executable's bytes.</summary>
    public static ReadOnlySpan<byte> Image => s_image.Value;

    /// <summary>Writes <c>wharf-init</c> into the first of <paramref name="directories"/> whose mount allows exec
    /// (normally the exec root), unless it already holds exactly these bytes, and returns its path.
    /// A running container keeps the file it bind-mounted: the rename gives new containers a new inode.</summary>
    public static string EnsureWritten(params ReadOnlySpan<string> directories)
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            throw new PlatformNotSupportedException("the container init is a Linux x86-64 executable");
        lock (s_write)
        {
            foreach (var directory in directories)
            {
                Directory.CreateDirectory(directory);
                if (!ExecutableMount.AllowsExec(directory)) continue;
                string path = Path.Combine(directory, FileName);
                if (IsCurrent(path)) return path;
                AtomicFile.Write(path, Image);
                // Executable only once complete: a crash before this chmod leaves a file IsCurrent rejects and rewrites.
                File.SetUnixFileMode(path, Executable);
                return path;
            }
        }
        throw EngineException.Invalid($"--init: no place to put {FileName} that allows exec: {string.Join(", ", directories.ToArray())} are mounted noexec");
    }

    private static bool IsCurrent(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != Image.Length || info.UnixFileMode != Executable) return false;
        return File.ReadAllBytes(path).AsSpan().SequenceEqual(Image);
    }
}
