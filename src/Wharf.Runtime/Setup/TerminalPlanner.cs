using Wharf.Oci.Runtime;
using Wharf.Runtime.Native;
using Wharf.Runtime.Spawn;
using static Wharf.Runtime.Native.Flags;

namespace Wharf.Runtime.Setup;

/// <summary>
/// process.terminal: open a pty in the container's devpts (after pivot_root), send the master to the console
/// socket over SCM_RIGHTS as runc does, make the slave the controlling terminal of a new session and stdio.
/// </summary>
public static class TerminalPlanner
{
    private const int Master = 0, Slave = 1;

    public static void Plan(StepWriter w, Box? size, bool bindConsole)
    {
        w.Plan.NeedsConsoleSocket = true;
        w.Add(PlanStep.Sys(Sys.Open, "open", "/dev/ptmx", "/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC) with { StoreIn = Master });
        w.Add(PlanStep.Sys(Sys.Ioctl, "ioctl", "TIOCSPTLCK on /dev/ptmx", new PlanArg.Register(Master), TIOCSPTLCK,
            new PlanArg.Bytes(new byte[4])));
        w.Add(PlanStep.Sys(Sys.Ioctl, "ioctl", "TIOCGPTPEER on /dev/ptmx", new PlanArg.Register(Master), TIOCGPTPEER,
            O_RDWR | O_NOCTTY | O_CLOEXEC) with { StoreIn = Slave });
        // Fixed descriptor numbers, so the console bind and the message can name them in advance.
        w.Syscall(Sys.Dup3, "dup3", "pty master", new PlanArg.Register(Master), new PlanArg.Fd(SpawnFd.ScratchA), O_CLOEXEC);
        w.Syscall(Sys.Dup3, "dup3", "pty slave", new PlanArg.Register(Slave), new PlanArg.Fd(SpawnFd.ScratchB), O_CLOEXEC);
        if (size is { Height: > 0, Width: > 0 })
        {
            var winsize = new byte[8];
            BitConverter.TryWriteBytes(winsize.AsSpan(0), (ushort)size.Height);
            BitConverter.TryWriteBytes(winsize.AsSpan(2), (ushort)size.Width);
            w.Syscall(Sys.Ioctl, "ioctl", "TIOCSWINSZ on the pty", new PlanArg.Fd(SpawnFd.ScratchB), TIOCSWINSZ,
                new PlanArg.Bytes(winsize));
        }
        if (bindConsole)
        {
            w.Touch("/dev/console");
            w.Add(PlanStep.Sys(Sys.Mount, "mount", "pty slave on /dev/console", new PlanArg.FdPath(SpawnFd.ScratchB),
                "/dev/console", PlanArg.Null, MS_BIND, PlanArg.Null));
        }
        w.Add(new PlanStep(PlanOp.SendFd, 0,
            [new PlanArg.Fd(SpawnFd.ConsoleSocket), new PlanArg.Fd(SpawnFd.ScratchA), "/dev/ptmx"], "sendmsg", "console socket"));
        w.Syscall(Sys.Close, "close", "pty master", new PlanArg.Fd(SpawnFd.ScratchA));
        w.Syscall(Sys.Setsid, "setsid", null);
        w.Syscall(Sys.Ioctl, "ioctl", "TIOCSCTTY on the pty", new PlanArg.Fd(SpawnFd.ScratchB), TIOCSCTTY, 0);
        for (var fd = 0; fd < 3; fd++)
            w.Syscall(Sys.Dup3, "dup3", $"pty slave to fd {fd}", new PlanArg.Fd(SpawnFd.ScratchB), fd, 0);
    }
}
