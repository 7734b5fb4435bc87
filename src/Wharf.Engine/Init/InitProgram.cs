using System.Text;
using static Wharf.Engine.Init.LinuxX64;
using Wharf.Runtime.Native;
using Wharf.Runtime.Native.X64;
using static Wharf.Runtime.Native.X64.X64Register;
using Cond = Wharf.Runtime.Native.X64.X64Condition;

namespace Wharf.Engine.Init;

/// <summary>Assembles the container init (<c>/sbin/docker-init -- PROGRAM ARGS…</c>), tini's job in machine code:
/// block every signal, fork, and in PID 1 loop on <c>rt_sigtimedwait</c>. SIGCHLD reaps every zombie (orphans
/// are re-parented to PID 1); when the main child is reaped, exit with its status (128+signal when a signal
/// killed it). Any other signal is forwarded to the child. The child's side is in InitProgram.Exec.cs.</summary>
/// <remarks>Registers that live across the whole program (the kernel preserves all but RAX, RCX and R11):
/// R13 = argv, R14 = envp, R15 = the program's argv (after <c>--</c>), RBX = the child's PID.
/// Everything else sits in one stack frame, addressed from RSP (see the Frame constants).</remarks>
public static partial class InitProgram
{
    // The stack frame, as offsets from RSP after the prologue.
    private const int AllSignals = 0, SavedMask = 8, WaitStatus = 16, ProcessGroup = 24, SigInfo = 32;
    private const int PathBuffer = 256, PathBufferSize = 4096, MessageBuffer = PathBuffer + PathBufferSize, FrameSize = 8192;

    /// <summary>The init's machine code, to be wrapped by <see cref="ElfImage.Executable"/>.</summary>
    public static byte[] Assemble()
    {
        var a = new X64Emitter();
        var data = new DataLabels(a);
        var child = a.Label();
        var fatal = a.Label();
        var append = a.Label();
        var appendDecimal = a.Label();

        EmitPrologue(a, data, fatal);
        EmitSupervisor(a, data, child, fatal);
        EmitChild(a, data, child, append, appendDecimal);
        EmitFatal(a, fatal);
        EmitAppend(a, append);
        EmitAppendDecimal(a, appendDecimal);
        data.Emit(a);
        return a.ToArray();
    }

    /// <summary>Reads argc/argv/envp from the initial stack, skips a leading <c>--</c>, and refuses an empty command.</summary>
    private static void EmitPrologue(X64Emitter a, DataLabels data, X64Label fatal)
    {
        var haveCommand = a.Label();
        var usage = a.Label();
        a.Load(R12, new(Rsp));                 // argc
        a.Lea(R13, new(Rsp, 8));               // argv
        a.Mov(R14, R12);                       // envp = argv + 8 * (argc + 1)
        a.Shl(R14, 3);
        a.Add(R14, R13);
        a.Add(R14, 8);
        a.Lea(R15, new(R13, 8));               // the program: argv[1]…
        a.Sub(Rsp, FrameSize);

        a.Load(Rax, new(R15));
        a.Test(Rax, Rax);
        a.Jump(Cond.Equal, usage);
        a.CmpByte(new(Rax), (byte)'-');
        a.Jump(Cond.NotEqual, haveCommand);
        a.CmpByte(new(Rax, 1), (byte)'-');
        a.Jump(Cond.NotEqual, haveCommand);
        a.CmpByte(new(Rax, 2), 0);
        a.Jump(Cond.NotEqual, haveCommand);
        a.Add(R15, 8);                         // …or argv[2] after "--"
        a.Load(Rax, new(R15));
        a.Test(Rax, Rax);
        a.Jump(Cond.NotEqual, haveCommand);
        a.Bind(usage);
        a.LeaRip(Rsi, data.Usage);
        a.Jmp(fatal);
        a.Bind(haveCommand);
    }

    /// <summary>Blocks all signals, forks, and runs PID 1's loop: wait for a signal, reap on SIGCHLD, forward the rest.</summary>
    private static void EmitSupervisor(X64Emitter a, DataLabels data, X64Label child, X64Label fatal)
    {
        var waitLoop = a.Label();
        var reap = a.Label();
        var signaled = a.Label();
        var exit = a.Label();
        var forkFailed = a.Label();

        // A subreaper gets the orphans even when it is not PID 1 (--pid=host); as PID 1 this changes nothing.
        a.MovImmediate(Rdi, PrSetChildSubreaper);
        a.MovImmediate(Rsi, 1);
        a.MovImmediate(Rax, Sys.Prctl);
        a.Syscall();

        // Block every signal: PID 1 gets no default actions, and signals wait for rt_sigtimedwait.
        a.MovImmediate(Rax, -1);
        a.Store(new(Rsp, AllSignals), Rax);
        EmitSetSignalMask(a, AllSignals, saveOldAt: SavedMask);

        a.MovImmediate(Rax, Sys.Fork);
        a.Syscall();
        a.Test(Rax, Rax);
        a.Jump(Cond.Sign, forkFailed);
        a.Jump(Cond.Equal, child);
        a.Mov(Rbx, Rax);

        a.Bind(waitLoop);
        a.Lea(Rdi, new(Rsp, AllSignals));
        a.Lea(Rsi, new(Rsp, SigInfo));
        a.Xor(Rdx, Rdx);                       // no timeout
        a.MovImmediate(R10, SigsetSize);
        a.MovImmediate(Rax, Sys.RtSigtimedwait);
        a.Syscall();
        a.Cmp(Rax, 0);
        a.Jump(Cond.LessOrEqual, waitLoop);    // -EINTR (e.g. after SIGSTOP/SIGCONT): wait again
        a.Cmp(Rax, Sigchld);
        a.Jump(Cond.Equal, reap);
        a.Mov(Rdi, Rbx);                       // forward: kill(child, signal)
        a.Mov(Rsi, Rax);
        a.MovImmediate(Rax, Sys.Kill);
        a.Syscall();
        a.Jmp(waitLoop);

        // SIGCHLD coalesces: one may stand for many exits, so reap until wait4 has nothing left.
        a.Bind(reap);
        a.MovImmediate(Rdi, -1);
        a.Lea(Rsi, new(Rsp, WaitStatus));
        a.MovImmediate(Rdx, Wnohang);
        a.Xor(R10, R10);
        a.MovImmediate(Rax, Sys.Wait4);
        a.Syscall();
        a.Test(Rax, Rax);
        a.Jump(Cond.LessOrEqual, waitLoop);    // 0: children left but none exited; -ECHILD: none left
        a.Cmp(Rax, Rbx);
        a.Jump(Cond.NotEqual, reap);

        // The main child is gone: exit with its code, or 128 + the signal that killed it.
        a.Load32(Rax, new(Rsp, WaitStatus));
        a.Mov(Rdi, Rax);
        a.And(Rdi, 0x7F);
        a.Jump(Cond.NotEqual, signaled);
        a.Shr(Rax, 8);
        a.And(Rax, 0xFF);
        a.Mov(Rdi, Rax);
        a.Jmp(exit);
        a.Bind(signaled);
        a.Add(Rdi, 128);
        a.Bind(exit);
        a.MovImmediate(Rax, Sys.ExitGroup);
        a.Syscall();

        a.Bind(forkFailed);
        a.LeaRip(Rsi, data.ForkFailed);
        a.Jmp(fatal);
    }

    /// <summary>rt_sigprocmask(SIG_SETMASK, frame[mask], frame[saveOldAt] or NULL, 8).</summary>
    private static void EmitSetSignalMask(X64Emitter a, int mask, int? saveOldAt)
    {
        a.MovImmediate(Rdi, SigSetmask);
        a.Lea(Rsi, new(Rsp, mask));
        if (saveOldAt is int old) a.Lea(Rdx, new(Rsp, old));
        else a.Xor(Rdx, Rdx);
        a.MovImmediate(R10, SigsetSize);
        a.MovImmediate(Rax, Sys.RtSigprocmask);
        a.Syscall();
    }

    /// <summary>fatal: writes the NUL-terminated message at RSI to stderr and exits 1.</summary>
    private static void EmitFatal(X64Emitter a, X64Label fatal)
    {
        var measure = a.Label();
        var measured = a.Label();
        a.Bind(fatal);
        a.Mov(Rdx, Rsi);
        a.Bind(measure);
        a.LoadByte(Rax, new(Rdx));
        a.Test(Rax, Rax);
        a.Jump(Cond.Equal, measured);
        a.Inc(Rdx);
        a.Jmp(measure);
        a.Bind(measured);
        a.Sub(Rdx, Rsi);
        a.MovImmediate(Rdi, 2);
        a.MovImmediate(Rax, Sys.Write);
        a.Syscall();
        a.MovImmediate(Rdi, 1);
        a.MovImmediate(Rax, Sys.ExitGroup);
        a.Syscall();
    }

    /// <summary>The read-only strings, placed after the code.</summary>
    private sealed class DataLabels(X64Emitter a)
    {
        public X64Label Usage { get; } = a.Label();
        public X64Label ForkFailed { get; } = a.Label();
        public X64Label DefaultPath { get; } = a.Label();
        public X64Label ExecPrefix { get; } = a.Label();
        public X64Label ExecMiddle { get; } = a.Label();
        public X64Label UnknownErrno { get; } = a.Label();
        public X64Label ErrnoTable { get; } = a.Label();

        /// <summary>Table key for "not found on PATH", which is ENOENT with a different message.</summary>
        public const byte NotOnPath = 255;

        public void Emit(X64Emitter e)
        {
            Text(e, Usage, "wharf-init: usage: docker-init [--] PROGRAM [ARG...]\n");
            Text(e, ForkFailed, "wharf-init: fork failed\n");
            Text(e, DefaultPath, "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            Text(e, ExecPrefix, "wharf-init: exec \"");
            Text(e, ExecMiddle, "\": ");
            Text(e, UnknownErrno, "errno ");
            // Entries: errno byte, NUL-terminated text; a 0 byte ends the table.
            e.Bind(ErrnoTable);
            foreach (var (errno, text) in ExecErrors.Append((NotOnPath, "executable file not found in $PATH")))
            {
                e.Data([(byte)errno]);
                e.Data(Encoding.ASCII.GetBytes(text + "\0"));
            }
            e.Data([0]);
        }

        private static void Text(X64Emitter e, X64Label label, string text)
        {
            e.Bind(label);
            e.Data(Encoding.ASCII.GetBytes(text + "\0"));
        }
    }
}
