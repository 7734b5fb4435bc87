using System.Diagnostics;

namespace Wharf.Shim;

/// <summary>The stdio of a container or exec process: three pipes (a runtime process's, or the shim's own for an
/// in-process spawn), or one pty master for stdin and output.</summary>
internal sealed class ProcessStdio : IDisposable
{
    private readonly Stream? _stdinPipe;
    private readonly FdStream? _stdinFd;
    private readonly FdStream? _pty;
    private readonly FdStream[] _outputFds;
    private readonly object _stdinLock = new();
    private bool _stdinClosed;

    private ProcessStdio(Stream? stdinPipe, FdStream? stdinFd, FdStream? pty, List<(byte Type, Func<byte[], int> Read)> outputs, params FdStream[] outputFds)
    {
        _stdinPipe = stdinPipe;
        _stdinFd = stdinFd;
        _pty = pty;
        _outputFds = outputFds;
        Outputs = outputs;
    }

    /// <summary>Output sources: stream type (1 stdout, 2 stderr) and a blocking read returning 0 at the end.</summary>
    public List<(byte Type, Func<byte[], int> Read)> Outputs { get; }

    public bool IsTty => _pty is not null;

    public static ProcessStdio FromPipes(Process runtime, bool keepStdin)
    {
        var stdin = runtime.StandardInput.BaseStream;
        if (!keepStdin) { stdin.Dispose(); stdin = null; }
        var stdout = runtime.StandardOutput.BaseStream;
        var stderr = runtime.StandardError.BaseStream;
        return new ProcessStdio(stdin, null, null, [(ShimFrames.Stdout, b => stdout.Read(b)), (ShimFrames.Stderr, b => stderr.Read(b))]);
    }

    /// <summary>Pipe ends the shim owns (see <see cref="StdioPipes"/>); they are closed on dispose.</summary>
    public static ProcessStdio FromFds(FdStream? stdin, FdStream stdout, FdStream stderr) =>
        new(null, stdin, null, [(ShimFrames.Stdout, b => stdout.Read(b)), (ShimFrames.Stderr, b => stderr.Read(b))], stdout, stderr);

    public static ProcessStdio FromPty(int masterFd)
    {
        var pty = new FdStream(masterFd);
        return new ProcessStdio(null, null, pty, [(ShimFrames.Stdout, b => pty.Read(b))]);
    }

    public void WriteStdin(ReadOnlySpan<byte> data)
    {
        lock (_stdinLock)
        {
            if (_stdinClosed) return;
            if (_pty is not null) _pty.Write(data);
            else if (_stdinFd is not null) _stdinFd.Write(data);
            else if (_stdinPipe is not null) { _stdinPipe.Write(data); _stdinPipe.Flush(); }
        }
    }

    /// <summary>Ends the process's stdin (pipes only; a pty stays open for the process).</summary>
    public void CloseStdin()
    {
        lock (_stdinLock)
        {
            if (_stdinClosed || _pty is not null) return;
            _stdinClosed = true;
            _stdinPipe?.Dispose();
            _stdinFd?.Dispose();
        }
    }

    public void Resize(int rows, int cols)
    {
        if (_pty is not null && rows > 0 && cols > 0) ShimNative.Resize(_pty.Fd, rows, cols);
    }

    public void Dispose()
    {
        CloseStdin();
        _pty?.Dispose();
        // A reader still blocked on one of these gets EBADF on its next read and ends.
        foreach (var fd in _outputFds) fd.Dispose();
    }
}
