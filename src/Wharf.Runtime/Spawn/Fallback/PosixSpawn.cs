using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Runtime.Spawn.Fallback;

/// <summary>
/// One glibc posix_spawn, prepared in advance: posix_spawn is the documented way for a multi-threaded process to
/// start another program (its child runs only libc code on a private stack until exec). Unlike
/// <c>Process.Start</c>, the child is not registered with .NET's SIGCHLD reaper, which would race the runtime's own
/// waitpid for the container's exit status. Everything is laid out in unmanaged memory by the constructor, so
/// <see cref="Run"/> allocates nothing: it runs on a thread that has entered a new pid namespace, which can no
/// longer create threads, so it must not give the runtime a reason to (DESIGN.md, "Traps").
/// </summary>
internal sealed unsafe partial class PosixSpawn : IDisposable
{
    private const int FileActionsSize = 256; // posix_spawn_file_actions_t is 80 bytes on x86-64 glibc

    private readonly List<nint> _blocks = [];
    private readonly void* _actions;
    private readonly byte* _path;
    private readonly byte** _argv;
    private readonly nint _environ;
    private bool _actionsReady;

    /// <summary>Prepares <paramref name="path"/> with <paramref name="argv"/> and this process's environment, after
    /// dup2(from, to) for each pair in the child.</summary>
    public PosixSpawn(string path, IReadOnlyList<string> argv, IReadOnlyList<(int From, int To)> dups)
    {
        try
        {
            _actions = Alloc(FileActionsSize);
            Check(posix_spawn_file_actions_init(_actions), "posix_spawn_file_actions_init", null);
            _actionsReady = true;
            foreach (var (from, to) in dups)
                Check(posix_spawn_file_actions_adddup2(_actions, from, to), "posix_spawn_file_actions_adddup2", $"{from} to {to}");
            _argv = (byte**)Alloc(sizeof(nint) * (argv.Count + 1));
            for (var i = 0; i < argv.Count; i++)
                _argv[i] = CString(argv[i]);
            _path = CString(path);
            _environ = Environ.Value;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts the program; returns 0 and its pid, or the error number (posix_spawn does not set errno).</summary>
    public int Run(out int pid)
    {
        int child;
        var error = posix_spawn(&child, _path, _actions, null, _argv, *(byte***)_environ);
        pid = error == 0 ? child : -1;
        return error;
    }

    public void Dispose()
    {
        if (_actionsReady) posix_spawn_file_actions_destroy(_actions);
        _actionsReady = false;
        foreach (var p in _blocks) NativeMemory.Free((void*)p);
        _blocks.Clear();
    }

    private static void Check(int error, string call, string? target)
    {
        if (error != 0) throw new SyscallException(call, target, error);
    }

    private byte* CString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)Alloc(length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, length));
        return p; // zeroed: terminated
    }

    private void* Alloc(int size)
    {
        var p = NativeMemory.AllocZeroed((nuint)size);
        _blocks.Add((nint)p);
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
