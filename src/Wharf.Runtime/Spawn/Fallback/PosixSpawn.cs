using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Runtime.Spawn.Fallback;

/// <summary>
/// glibc posix_spawn, the documented way for a multi-threaded process to start another program: its child runs only
/// libc code on a private stack until exec. Unlike <c>Process.Start</c>, the child is not registered with .NET's
/// SIGCHLD reaper, which would race the runtime's own waitpid for the container's exit status.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    private const int FileActionsSize = 256; // posix_spawn_file_actions_t is 80 bytes on x86-64 glibc

    /// <summary>Starts <paramref name="path"/> with <paramref name="argv"/> and this process's environment, after
    /// dup2(from, to) for each pair. Returns the pid; throws <see cref="SyscallException"/> naming the call.</summary>
    public static int Start(string path, IReadOnlyList<string> argv, IReadOnlyList<(int From, int To)> dups)
    {
        var actions = NativeMemory.AllocZeroed(FileActionsSize);
        var strings = new List<nint>();
        try
        {
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", null);
            try
            {
                foreach (var (from, to) in dups)
                    Check(posix_spawn_file_actions_adddup2(actions, from, to), "posix_spawn_file_actions_adddup2", $"{from} to {to}");
                var args = (byte**)NativeMemory.AllocZeroed((nuint)(sizeof(nint) * (argv.Count + 1)));
                strings.Add((nint)args);
                for (var i = 0; i < argv.Count; i++)
                    strings.Add((nint)(args[i] = CString(argv[i])));
                var file = CString(path);
                strings.Add((nint)file);
                int pid;
                Check(posix_spawn(&pid, file, actions, null, args, *(byte***)Environ.Value), "posix_spawn", path);
                return pid;
            }
            finally
            {
                posix_spawn_file_actions_destroy(actions);
            }
        }
        finally
        {
            foreach (var p in strings) NativeMemory.Free((void*)p);
            NativeMemory.Free(actions);
        }
    }

    // The posix_spawn family returns the error number instead of setting errno.
    private static void Check(int error, string call, string? target)
    {
        if (error != 0) throw new SyscallException(call, target, error);
    }

    private static byte* CString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, length));
        p[length] = 0;
        return p;
    }

    /// <summary>Address of libc's <c>environ</c>: the environment this process started with (.NET keeps its own copy
    /// for Environment.SetEnvironmentVariable).</summary>
    private static readonly Lazy<nint> Environ = new(() => NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ"));

    [LibraryImport("libc")]
    private static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(void* fileActions);
}
