namespace Wharf.Cli.Terminal;

/// <summary>Puts a terminal in raw mode (no echo, no line editing, no signals from keys) and restores it on Dispose or exit.</summary>
public sealed class RawTerminal : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _saved;
    private int _restored;

    private RawTerminal(int fd, byte[] saved)
    {
        _fd = fd;
        _saved = saved;
        AppDomain.CurrentDomain.ProcessExit += OnExit;
    }

    /// <summary>Raw mode on fd if it is a terminal; null otherwise (piped input stays as it is).</summary>
    public static RawTerminal? Enter(int fd)
    {
        if (!Termios.IsTerminal(fd)) return null;
        var saved = Termios.Get(fd);
        Termios.Set(fd, Termios.MakeRaw(saved));
        return new RawTerminal(fd, saved);
    }

    private void OnExit(object? sender, EventArgs e) => Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        try { Termios.Set(_fd, _saved); } catch (SyscallException) { }
    }
}
