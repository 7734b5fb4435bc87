using System.Runtime.InteropServices;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Containers;

/// <summary>
/// The create/start handshake: the parked container process blocks opening exec.fifo for writing; `start`
/// opens it for reading, reads the byte the process writes, and removes the fifo (so the state reads running).
/// </summary>
public static unsafe class ExecFifo
{
    public static void Release(string fifoPath, ContainerRecord record)
    {
        var fd = Libc.open(fifoPath, Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (fd < 0) throw SyscallException.FromLastError("open", fifoPath);
        try
        {
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            while (true)
            {
                var ready = Libc.poll(&poll, 1, 100);
                if (ready < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
                    throw SyscallException.FromLastError("poll", fifoPath);
                if (ready > 0)
                {
                    byte b;
                    var n = Libc.read(fd, &b, 1);
                    if (n == 1) break;
                    if (n < 0 && Marshal.GetLastPInvokeError() == ErrnoNames.EAGAIN) continue;
                    // Hang-up without a byte: the process died before it could exec.
                }
                if (!ProcessProbe.IsAlive(record.Pid, record.PidStartTime))
                    throw new ContainerException("cannot start a container that has stopped");
            }
        }
        finally
        {
            Libc.close(fd);
        }
        // A concurrent delete may already have removed the state directory: the fifo is gone either way.
        try { File.Delete(fifoPath); } catch (DirectoryNotFoundException) { }
    }
}
