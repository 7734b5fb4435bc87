using static Wharf.Engine.Init.LinuxX64;
using Wharf.Runtime.Native;
using Wharf.Runtime.Native.X64;
using static Wharf.Runtime.Native.X64.X64Register;
using Cond = Wharf.Runtime.Native.X64.X64Condition;

namespace Wharf.Engine.Init;

/// <summary>The child's side: its own process group (the terminal's foreground one, as tini does), the signal mask it
/// had before the fork, and <c>execve</c> of the program, searching PATH like execvp when the name has no slash.
/// A failed exec writes <c>wharf-init: exec "NAME": REASON</c> to stderr and exits 127 for ENOENT, else 126.</summary>
/// <remarks>Child registers: R12 = "some PATH entry said EACCES", R9 = PATH cursor, RBP = -errno of the failure.</remarks>
public static partial class InitProgram
{
    /// <summary>A longer program name cannot fit the path buffer with a directory in front; execvp says ENAMETOOLONG too.</summary>
    private const int MaxSearchedName = PathBufferSize / 2 - 8;

    private static void EmitChild(X64Emitter a, DataLabels data, X64Label child, X64Label append, X64Label appendDecimal)
    {
        var searchPath = a.Label();
        var report = a.Label();
        var execFailed = a.Label();
        a.Bind(child);

        // setpgid(0, 0), then make that group the terminal's foreground. SIGTTOU is still blocked here, which is
        // what lets a background process call TIOCSPGRP; without a terminal on stdin the ioctl fails, harmlessly.
        a.Xor(Rdi, Rdi);
        a.Xor(Rsi, Rsi);
        a.MovImmediate(Rax, Sys.Setpgid);
        a.Syscall();
        a.MovImmediate(Rax, Sys.Getpid);
        a.Syscall();
        a.Store(new(Rsp, ProcessGroup), Rax);
        a.Xor(Rdi, Rdi);
        a.MovImmediate(Rsi, Tiocspgrp);
        a.Lea(Rdx, new(Rsp, ProcessGroup));
        a.MovImmediate(Rax, Sys.Ioctl);
        a.Syscall();

        EmitSetSignalMask(a, SavedMask, saveOldAt: null);

        // A name with a slash is executed as given.
        var scan = a.Label();
        var slash = a.Label();
        a.Load(Rsi, new(R15));
        a.Bind(scan);
        a.LoadByte(Rax, new(Rsi));
        a.Test(Rax, Rax);
        a.Jump(Cond.Equal, searchPath);
        a.Cmp(Rax, '/');
        a.Jump(Cond.Equal, slash);
        a.Inc(Rsi);
        a.Jmp(scan);
        a.Bind(slash);
        a.Load(Rdi, new(R15));
        EmitExecve(a);
        a.Mov(Rbp, Rax);
        a.Jmp(execFailed);

        a.Bind(searchPath);                    // RSI is at the name's NUL
        a.Load(Rax, new(R15));
        a.Sub(Rsi, Rax);
        a.MovImmediate(Rbp, -Enoent);          // "" names no file (searching would try the directories themselves)
        a.Test(Rsi, Rsi);
        a.Jump(Cond.Equal, execFailed);
        a.MovImmediate(Rbp, -Enametoolong);
        a.Cmp(Rsi, MaxSearchedName);
        a.Jump(Cond.AboveOrEqual, execFailed);
        EmitFindPath(a, data);
        EmitSearch(a, execFailed, report);

        a.Bind(execFailed);
        a.Mov(R8, Rbp);                        // R8 = the errno whose text to print
        a.Neg(R8);
        a.Bind(report);
        EmitReport(a, data, append, appendDecimal);
    }

    /// <summary>execve(RDI, R15, R14): the program's argv and the init's own environment; returns only on failure.</summary>
    private static void EmitExecve(X64Emitter a)
    {
        a.Mov(Rsi, R15);
        a.Mov(Rdx, R14);
        a.MovImmediate(Rax, Sys.Execve);
        a.Syscall();
    }

    /// <summary>R9 = the value of PATH= in envp, or the default search path.</summary>
    private static void EmitFindPath(X64Emitter a, DataLabels data)
    {
        var next = a.Label();
        var loop = a.Label();
        var useDefault = a.Label();
        var found = a.Label();
        a.Mov(R8, R14);
        a.Bind(loop);
        a.Load(Rsi, new(R8));
        a.Test(Rsi, Rsi);
        a.Jump(Cond.Equal, useDefault);
        int i = 0;
        foreach (char c in "PATH=")
        {
            a.CmpByte(new(Rsi, i++), (byte)c);
            a.Jump(Cond.NotEqual, next);
        }
        a.Lea(R9, new(Rsi, 5));
        a.Jmp(found);
        a.Bind(next);
        a.Add(R8, 8);
        a.Jmp(loop);
        a.Bind(useDefault);
        a.LeaRip(R9, data.DefaultPath);
        a.Bind(found);
    }

    /// <summary>Tries DIR/NAME for each colon-separated DIR at R9 (an empty DIR is the working directory), as
    /// execvp does: ENOENT-like errors move on, EACCES moves on but is remembered, any other error stops.</summary>
    private static void EmitSearch(X64Emitter a, X64Label execFailed, X64Label report)
    {
        var entry = a.Label();
        var copy = a.Label();
        var skipStore = a.Label();
        var entryEnd = a.Label();
        var appendName = a.Label();
        var copyName = a.Label();
        var nextEntry = a.Label();
        var notAccess = a.Label();
        var exhausted = a.Label();

        a.Xor(R12, R12);
        a.Bind(entry);
        a.Lea(Rdi, new(Rsp, PathBuffer));
        a.Lea(Rdx, new(Rsp, PathBuffer + PathBufferSize / 2)); // a longer DIR is cut short (and will not be found)
        a.Bind(copy);
        a.LoadByte(Rax, new(R9));
        a.Test(Rax, Rax);
        a.Jump(Cond.Equal, entryEnd);
        a.Cmp(Rax, ':');
        a.Jump(Cond.Equal, entryEnd);
        a.Cmp(Rdi, Rdx);
        a.Jump(Cond.AboveOrEqual, skipStore);
        a.StoreByte(new(Rdi), Rax);
        a.Inc(Rdi);
        a.Bind(skipStore);
        a.Inc(R9);
        a.Jmp(copy);

        a.Bind(entryEnd);
        a.Lea(Rax, new(Rsp, PathBuffer));
        a.Cmp(Rdi, Rax);
        a.Jump(Cond.Equal, appendName);
        a.StoreByte(new(Rdi), (byte)'/');
        a.Inc(Rdi);
        a.Bind(appendName);
        a.Load(Rsi, new(R15));
        a.Bind(copyName);                      // copies the NUL too
        a.LoadByte(Rax, new(Rsi));
        a.StoreByte(new(Rdi), Rax);
        a.Inc(Rsi);
        a.Inc(Rdi);
        a.Test(Rax, Rax);
        a.Jump(Cond.NotEqual, copyName);

        a.Lea(Rdi, new(Rsp, PathBuffer));
        EmitExecve(a);
        a.Cmp(Rax, -Eacces);
        a.Jump(Cond.NotEqual, notAccess);
        a.MovImmediate(R12, 1);
        a.Jmp(nextEntry);
        a.Bind(notAccess);
        foreach (int errno in new[] { Enoent, Enotdir, Estale, Enodev, Etimedout })
        {
            a.Cmp(Rax, -errno);
            a.Jump(Cond.Equal, nextEntry);
        }
        a.Mov(Rbp, Rax);
        a.Jmp(execFailed);

        a.Bind(nextEntry);
        a.LoadByte(Rax, new(R9));
        a.Test(Rax, Rax);
        a.Jump(Cond.Equal, exhausted);
        a.Inc(R9);                             // past the ':'
        a.Jmp(entry);

        a.Bind(exhausted);
        a.MovImmediate(Rbp, -Eacces);
        a.Test(R12, R12);
        a.Jump(Cond.NotEqual, execFailed);
        a.MovImmediate(Rbp, -Enoent);
        a.MovImmediate(R8, DataLabels.NotOnPath);
        a.Jmp(report);
    }

    /// <summary>Writes <c>wharf-init: exec "NAME": TEXT</c> for the errno in R8 and exits 127 (RBP = -ENOENT) or 126.</summary>
    private static void EmitReport(X64Emitter a, DataLabels data, X64Label append, X64Label appendDecimal)
    {
        var lookup = a.Label();
        var skipText = a.Label();
        var unknown = a.Label();
        var haveText = a.Label();
        var finish = a.Label();
        var exit = a.Label();

        a.Lea(Rdi, new(Rsp, MessageBuffer));
        a.Lea(Rdx, new(Rsp, FrameSize - 1));  // room for the newline
        a.LeaRip(Rsi, data.ExecPrefix);
        a.Call(append);
        a.Load(Rsi, new(R15));
        a.Call(append);
        a.LeaRip(Rsi, data.ExecMiddle);
        a.Call(append);

        a.LeaRip(Rsi, data.ErrnoTable);
        a.Bind(lookup);
        a.LoadByte(Rcx, new(Rsi));
        a.Test(Rcx, Rcx);
        a.Jump(Cond.Equal, unknown);
        a.Inc(Rsi);
        a.Cmp(Rcx, R8);
        a.Jump(Cond.Equal, haveText);
        a.Bind(skipText);
        a.LoadByte(Rcx, new(Rsi));
        a.Inc(Rsi);
        a.Test(Rcx, Rcx);
        a.Jump(Cond.NotEqual, skipText);
        a.Jmp(lookup);
        a.Bind(unknown);
        a.LeaRip(Rsi, data.UnknownErrno);
        a.Call(append);
        a.Mov(Rax, R8);
        a.Call(appendDecimal);
        a.Jmp(finish);
        a.Bind(haveText);
        a.Call(append);

        a.Bind(finish);
        a.StoreByte(new(Rdi), (byte)'\n');
        a.Inc(Rdi);
        a.Lea(Rsi, new(Rsp, MessageBuffer));
        a.Mov(Rdx, Rdi);
        a.Sub(Rdx, Rsi);
        a.MovImmediate(Rdi, 2);
        a.MovImmediate(Rax, Sys.Write);
        a.Syscall();

        a.MovImmediate(Rdi, 126);              // found but not executable
        a.Cmp(Rbp, -Enoent);
        a.Jump(Cond.NotEqual, exit);
        a.MovImmediate(Rdi, 127);              // not found
        a.Bind(exit);
        a.MovImmediate(Rax, Sys.ExitGroup);
        a.Syscall();
    }

    /// <summary>append: copies the NUL-terminated string at RSI to RDI (not past RDX), advancing RDI. Uses RAX.</summary>
    private static void EmitAppend(X64Emitter a, X64Label append)
    {
        var done = a.Label();
        a.Bind(append);
        a.LoadByte(Rax, new(Rsi));
        a.Test(Rax, Rax);
        a.Jump(Cond.Equal, done);
        a.Cmp(Rdi, Rdx);
        a.Jump(Cond.AboveOrEqual, done);
        a.StoreByte(new(Rdi), Rax);
        a.Inc(Rdi);
        a.Inc(Rsi);
        a.Jmp(append);
        a.Bind(done);
        a.Ret();
    }

    /// <summary>appendDecimal: writes RAX in decimal at RDI (not past RDX), advancing RDI. Uses RAX, RCX, R9, R10.</summary>
    private static void EmitAppendDecimal(X64Emitter a, X64Label appendDecimal)
    {
        var divide = a.Label();
        var emit = a.Label();
        var skip = a.Label();
        a.Bind(appendDecimal);
        a.Mov(R9, Rdx);                        // div overwrites RDX
        a.Xor(Rcx, Rcx);
        a.MovImmediate(R10, 10);
        a.Bind(divide);                        // digits come out last-first: stack them
        a.Xor(Rdx, Rdx);
        a.Div(R10);
        a.Add(Rdx, '0');
        a.Push(Rdx);
        a.Inc(Rcx);
        a.Test(Rax, Rax);
        a.Jump(Cond.NotEqual, divide);
        a.Bind(emit);
        a.Pop(Rax);
        a.Cmp(Rdi, R9);
        a.Jump(Cond.AboveOrEqual, skip);
        a.StoreByte(new(Rdi), Rax);
        a.Inc(Rdi);
        a.Bind(skip);
        a.Sub(Rcx, 1);
        a.Jump(Cond.NotEqual, emit);
        a.Mov(Rdx, R9);
        a.Ret();
    }
}
