using Wharf.Runtime;

namespace Wharf.Shim;

/// <summary>Three pipes for a process the shim spawns in-process: the child's ends become its fds 0-2 (see
/// <see cref="StdioRedirect"/>), the shim keeps the other ends. All are close-on-exec until dup2'd.</summary>
internal sealed unsafe class StdioPipes : IDisposable
{
    // Index 0 is stdin (the child reads), 1 stdout and 2 stderr (the child writes).
    private readonly int[] _child = [-1, -1, -1];
    private readonly int[] _parent = [-1, -1, -1];

    public IReadOnlyList<int> ChildEnds => _child;

    public static StdioPipes Create()
    {
        var pipes = new StdioPipes();
        try
        {
            int* fds = stackalloc int[2];
            for (int i = 0; i < 3; i++)
            {
                if (ShimNative.pipe2(fds, ShimNative.O_CLOEXEC) < 0) throw SyscallException.FromLastError("pipe2", $"stdio {i}");
                (pipes._child[i], pipes._parent[i]) = i == 0 ? (fds[0], fds[1]) : (fds[1], fds[0]);
            }
            return pipes;
        }
        catch
        {
            pipes.Dispose();
            throw;
        }
    }

    /// <summary>The shim's ends as the process's stdio; without <paramref name="keepStdin"/> the child reads EOF at once.</summary>
    public ProcessStdio TakeParentEnds(bool keepStdin)
    {
        var stdin = keepStdin ? new FdStream(_parent[0]) : null;
        if (!keepStdin) ShimNative.close(_parent[0]);
        var stdio = ProcessStdio.FromFds(stdin, new FdStream(_parent[1]), new FdStream(_parent[2]));
        _parent[0] = _parent[1] = _parent[2] = -1;
        return stdio;
    }

    /// <summary>Closes the child's ends (the child has its own copies) and any parent end not taken.</summary>
    public void Dispose()
    {
        foreach (var set in new[] { _child, _parent })
            for (int i = 0; i < 3; i++)
                if (set[i] >= 0) { ShimNative.close(set[i]); set[i] = -1; }
    }
}
