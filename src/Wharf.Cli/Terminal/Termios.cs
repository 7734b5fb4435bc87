using System.Runtime.InteropServices;

namespace Wharf.Cli.Terminal;

/// <summary>The termios and tty calls the CLI needs, declared once (glibc, x86-64/arm64 Linux).</summary>
internal static unsafe partial class Termios
{
    /// <summary>sizeof(struct termios) on Linux is 60; a little slack keeps us safe across libcs.</summary>
    public const int StructSize = 64;

    private const uint TIOCGWINSZ = 0x5413;
    private const int TCSANOW = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, out WinSize size);

    [LibraryImport("libc")]
    private static partial int isatty(int fd);

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    public static unsafe byte[] Get(int fd)
    {
        var state = new byte[StructSize];
        fixed (byte* p = state)
            if (tcgetattr(fd, p) != 0) throw new SyscallException("tcgetattr", $"fd {fd}", Marshal.GetLastPInvokeError());
        return state;
    }

    public static unsafe void Set(int fd, byte[] state)
    {
        fixed (byte* p = state)
            if (tcsetattr(fd, TCSANOW, p) != 0) throw new SyscallException("tcsetattr", $"fd {fd}", Marshal.GetLastPInvokeError());
    }

    public static unsafe byte[] MakeRaw(byte[] state)
    {
        var raw = (byte[])state.Clone();
        fixed (byte* p = raw) cfmakeraw(p);
        return raw;
    }

    /// <summary>The terminal size (rows, columns), or null when fd is not a terminal.</summary>
    public static (int Rows, int Cols)? Size(int fd)
    {
        if (ioctl(fd, TIOCGWINSZ, out var ws) != 0 || ws.Rows == 0) return null;
        return (ws.Rows, ws.Cols);
    }
}
