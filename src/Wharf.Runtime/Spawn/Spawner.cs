using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Spawn;

/// <summary>
/// Starts a process from a <see cref="SpawnPlan"/> with glibc clone(CLONE_VM|CLONE_VFORK|…). No fork-like clone
/// ever happens in managed code (see DESIGN.md, "The runtime in a multi-threaded language"). A plan that runs
/// straight to exec is cloned on the calling thread, which the kernel suspends until the child execs. A plan that
/// stops for the parent (handshake, hooks, exec fifo, namespaces to join first) is cloned on a dedicated thread
/// while this one reads the child's status records, does the parent's part and wakes it.
/// </summary>
public static unsafe class Spawner
{
    private const int StackSize = 256 * 1024;

    public static SpawnResult Spawn(SpawnRequest request)
    {
        var plan = request.Plan;
        // Under a JIT the child intermittently crashed the process (SIGSEGV, about 1 run of 3 x 2,000 starts
        // under GC pressure); NativeAOT ran clean. DESIGN.md keeps the runtime out of JIT processes anyway.
        if (request.Starter is null && RuntimeFeature.IsDynamicCodeSupported && Environment.GetEnvironmentVariable("WHARF_SPAWN_ALLOW_JIT") != "1")
            throw new ContainerException("the vfork spawn runs only in NativeAOT processes (wharf-runtime, wharf-shim); see DESIGN.md");
        ChildMain.Prepare();
        if (!plan.NeedsSupervisor && request.Starter is null)
            return CloneOnCallingThread(request);
        var session = new Session(owners: 2); // this thread and the cloning thread
        var started = false;
        try
        {
            session.Open(request);
            var thread = new Thread(() => session.CloneOnThisThread(plan), 256 * 1024)
            {
                IsBackground = true,
                Name = "wharf-spawn",
            };
            thread.Start();
            started = true;
            return session.Supervise(request, thread);
        }
        finally
        {
            if (!started) session.Release(); // the cloning thread's share
            session.Release();
        }
    }

    private static SpawnResult CloneOnCallingThread(SpawnRequest request)
    {
        var session = new Session(owners: 1);
        try
        {
            session.Open(request);
            return session.CloneAndCollect(request.Plan);
        }
        finally
        {
            session.Release();
        }
    }

    /// <summary>State shared by the supervising thread and the cloning thread; freed when both are done.</summary>
    private sealed class Session(int owners)
    {
        private int _references = owners;
        private int _statusWriteClosed;
        private PlanImage? _image;
        private void* _stack;
        private int* _parentTid;
        private readonly List<int> _ownedFds = [];
        private int _statusRead = -1, _statusWrite = -1, _syncRead = -1, _syncWrite = -1;
        private int _cloneResult, _cloneErrno;
        private int _cgroupFd = -1;
        private IChildStarter? _starter;
        private IReadOnlyDictionary<SpawnFd, int>? _fds;

        public void Open(SpawnRequest request)
        {
            var plan = request.Plan;
            _cgroupFd = request.CgroupDirFd;
            int* fds = stackalloc int[2];
            if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) throw SyscallException.FromLastError("pipe2", "status pipe");
            (_statusRead, _statusWrite) = (fds[0], fds[1]);
            _ownedFds.Add(_statusRead);
            var map = new Dictionary<SpawnFd, int>
            {
                [SpawnFd.Status] = _statusWrite,
                [SpawnFd.ConsoleSocket] = request.ConsoleSocketFd,
                [SpawnFd.StateDir] = request.StateDirFd,
            };
            if (plan.NeedsSupervisor)
            {
                if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) throw SyscallException.FromLastError("pipe2", "sync pipe");
                (_syncRead, _syncWrite) = (fds[0], fds[1]);
                _ownedFds.Add(_syncRead);
                _ownedFds.Add(_syncWrite);
                map[SpawnFd.Sync] = _syncRead;
                map[SpawnFd.SyncWrite] = _syncWrite;
            }
            foreach (var scratch in (ReadOnlySpan<SpawnFd>)[SpawnFd.ScratchA, SpawnFd.ScratchB])
                if (plan.Uses(scratch))
                    map[scratch] = ReserveFd();
            if (request.Plan.JoinMountNs is { } mountNs)
                map[SpawnFd.MountNs] = OpenOwned(mountNs, Flags.O_RDONLY);
            if (request.Plan.NeedsConsoleSocket && request.ConsoleSocketFd < 0)
                throw new ContainerException("process.terminal is set but no --console-socket was given");

            (_starter, _fds) = (request.Starter, map);
            _image = new PlanImage(request.Plan, map);
            _stack = NativeMemory.Alloc(StackSize);
            _parentTid = (int*)NativeMemory.AllocZeroed(sizeof(int));
        }

        /// <summary>A free descriptor number, held open (on /dev/null) until the clone copied the table.</summary>
        private int ReserveFd() => OpenOwned("/dev/null", Flags.O_RDONLY);

        private int OpenOwned(string path, long flags)
        {
            var fd = Libc.open(path, (int)flags | Libc.O_CLOEXEC, 0);
            if (fd < 0) throw SyscallException.FromLastError("open", path);
            _ownedFds.Add(fd);
            return fd;
        }

        /// <summary>
        /// Clones on this thread, which stays suspended until the child has exec'd or exited, then reads the status
        /// pipe: end of file means the exec happened; the only record such a plan sends is its failure.
        /// </summary>
        public SpawnResult CloneAndCollect(SpawnPlan plan)
        {
            var pid = Clone(plan, out var errno);
            CloseStatusWrite();
            if (pid < 0)
                throw new SyscallException("clone", $"flags 0x{plan.CloneFlags:x}", errno);
            if (ReadRecord() is not { } record)
                return new SpawnResult(pid, Parked: false);
            Reap(pid);
            var (kind, step, stepErrno) = record;
            throw kind == (int)ChildStatus.Failed
                ? StepFailure(plan, step, stepErrno)
                : new ContainerException($"unexpected status record {kind} from the container process");
        }

        private void* StackTop => (void*)(((nint)_stack + StackSize) & ~(nint)15);

        private const ulong VforkFlags = Flags.CLONE_VM | Flags.CLONE_VFORK | Flags.CLONE_PARENT_SETTID;

        /// <summary>The vfork-style clone: glibc's, or clone3 into the cgroup2 directory when the request names one.</summary>
        private int Clone(SpawnPlan plan, out int errno)
        {
            if (_starter is not null)
                return _starter.Start(plan, _fds!, _parentTid, out errno);
            int pid;
            if (_cgroupFd >= 0)
                pid = Clone3.Spawn(&ChildMain.Run, _stack, (nint)StackTop - (nint)_stack, plan.CloneFlags | VforkFlags,
                    Flags.SIGCHLD, (nint)_image!.Header, _parentTid, _cgroupFd, out errno);
            else
            {
                pid = Libc.clone(&ChildMain.Run, StackTop, (int)(plan.CloneFlags | VforkFlags) | Flags.SIGCHLD,
                    (nint)_image!.Header, _parentTid, 0, null);
                errno = pid < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            return pid;
        }

        public void CloneOnThisThread(SpawnPlan plan)
        {
            try
            {
                foreach (var (path, type) in plan.ThreadNamespaces)
                {
                    var fd = Libc.open(path, Libc.O_CLOEXEC, 0);
                    if (fd < 0 || Libc.setns(fd, type) != 0)
                    {
                        _cloneErrno = Marshal.GetLastPInvokeError();
                        _cloneResult = -2;
                        if (fd >= 0) Libc.close(fd);
                        _failedNamespace = path;
                        return;
                    }
                    Libc.close(fd);
                }

                _cloneResult = Clone(plan, out _cloneErrno);
            }
            finally
            {
                CloseStatusWrite();
                Release();
            }
        }

        private string? _failedNamespace;

        private void CloseStatusWrite()
        {
            if (Interlocked.Exchange(ref _statusWriteClosed, 1) == 0)
                Libc.close(_statusWrite);
        }

        public SpawnResult Supervise(SpawnRequest request, Thread thread)
        {
            var plan = request.Plan;
            var pid = 0;
            while (true)
            {
                var record = ReadRecord();
                if (record is null)
                {
                    thread.Join();
                    if (_cloneResult == -2)
                        throw new SyscallException("setns", _failedNamespace, _cloneErrno);
                    if (_cloneResult < 0)
                        throw _starter?.Failure(_cloneErrno) ?? new SyscallException("clone", $"flags 0x{plan.CloneFlags:x}", _cloneErrno);
                    return new SpawnResult(_cloneResult, Parked: false);
                }

                // CLONE_PARENT_SETTID stored the pid before the child ran its first step.
                if (pid == 0)
                    pid = Volatile.Read(ref *_parentTid);
                var (kind, step, errno) = record.Value;
                switch ((ChildStatus)kind)
                {
                    case ChildStatus.Hello:
                        CloseStatusWrite();
                        WhileParked(request.OnChildStarted, pid, thread);
                        break;
                    case ChildStatus.HooksPoint:
                        WhileParked(request.OnHooksPoint, pid, thread);
                        break;
                    case ChildStatus.Parked:
                        return new SpawnResult(pid, Parked: true);
                    case ChildStatus.Failed:
                        thread.Join();
                        Reap(pid);
                        throw StepFailure(plan, step, errno);
                    default:
                        Abort(pid, thread);
                        throw new ContainerException($"unexpected status record {kind} from the container process");
                }
            }
        }

        /// <summary>Runs the caller's work while the child waits on the sync pipe, then wakes it; kills it on failure.</summary>
        private void WhileParked(Action<int>? work, int pid, Thread thread)
        {
            try
            {
                work?.Invoke(pid);
            }
            catch
            {
                Abort(pid, thread);
                throw;
            }
            WakeChild();
        }

        private static Exception StepFailure(SpawnPlan plan, int step, int errno)
        {
            if (step < 0 || step >= plan.Steps.Count)
                return new ContainerException($"container process failed at unknown step {step}: {ErrnoNames.Name(errno)}");
            if (step == plan.FindExecutableStep)
                return ExecutableNotFound(plan.Program, errno);
            var s = plan.Steps[step];
            return new SyscallException(s.Call, s.Target, errno);
        }

        /// <summary>runc's wording: exec: "x": executable file not found in $PATH.</summary>
        private static ContainerException ExecutableNotFound(string program, int errno)
        {
            if (program.Contains('/'))
                return errno == ErrnoNames.ENOENT
                    ? new ContainerException($"exec: \"{program}\": stat {program}: no such file or directory")
                    : new ContainerException($"exec: \"{program}\": {new SyscallException("access", program, errno).Message}");
            return new ContainerException(errno == ErrnoNames.ENOENT
                ? $"exec: \"{program}\": executable file not found in $PATH"
                : $"exec: \"{program}\": permission denied ({ErrnoNames.Name(errno)})");
        }

        private void Abort(int pid, Thread thread)
        {
            if (pid > 0) Libc.kill(pid, 9);
            thread.Join();
            Reap(pid);
        }

        private static void Reap(int pid)
        {
            if (pid <= 0) return;
            int status;
            while (Libc.waitpid(pid, &status, 0) < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) { }
        }

        private void WakeChild()
        {
            byte go = 1;
            if (Libc.write(_syncWrite, &go, 1) != 1)
                throw SyscallException.FromLastError("write", "sync pipe");
        }

        private (int Kind, int Step, int Errno)? ReadRecord()
        {
            int* record = stackalloc int[3];
            var got = 0;
            while (got < 12)
            {
                var n = Libc.read(_statusRead, (byte*)record + got, 12 - got);
                if (n < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                if (n < 0) throw SyscallException.FromLastError("read", "status pipe");
                if (n == 0) return null;
                got += (int)n;
            }
            return (record[0], record[1], record[2]);
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) != 0) return;
            foreach (var fd in _ownedFds) Libc.close(fd);
            if (_statusWriteClosed == 0) Libc.close(_statusWrite);
            _image?.Dispose();
            NativeMemory.Free(_stack);
            NativeMemory.Free(_parentTid);
        }
    }
}
