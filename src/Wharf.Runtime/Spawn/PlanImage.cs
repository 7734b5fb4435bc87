using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Runtime.Spawn;

/// <summary>The raw layout the child reads: function pointers, the step table and registers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ChildHeader
{
    /// <summary>libc syscall() without a GC transition: the child stays in one runtime state from entry to exec.</summary>
    public delegate* unmanaged[SuppressGCTransition]<long, long, long, long, long, long, long, long> Syscall;
    /// <summary>The same with a GC transition, for calls that may block for long (the parent's go-ahead, exec.fifo):
    /// a collection in the parent meanwhile must not wait for the child.</summary>
    public delegate* unmanaged<long, long, long, long, long, long, long, long> BlockingSyscall;
    public delegate* unmanaged[SuppressGCTransition]<int*> ErrnoLocation;
    public NativeStep* Steps;
    public int Count;
    public int StatusFd;
    public int SyncFd;
    public int Reserved;
    public fixed long Registers[SpawnPlan.RegisterCount];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeStep
{
    public int Op;
    public int StoreIn;
    public long Nr;
    public fixed long Args[6];
    /// <summary>-1: Args[i] is the value; otherwise Args[i] is read from this register.</summary>
    public fixed sbyte ArgRegister[6];
    public int IgnoreErrno;
    public int FallbackErrno;
    public int SkipOnSuccess;
    public int SkipOnIgnore;
    public int Blocking;
}

/// <summary>
/// A <see cref="SpawnPlan"/> copied into unmanaged memory, so the vfork child can walk it without touching the
/// managed heap. Owns every allocation; dispose only once the child has exec'd or exited.
/// </summary>
internal sealed unsafe class PlanImage : IDisposable
{
    private readonly List<nint> _blocks = [];

    public PlanImage(SpawnPlan plan, IReadOnlyDictionary<SpawnFd, int> fds)
    {
        Header = (ChildHeader*)Alloc(sizeof(ChildHeader));
        var syscall = NativeLibrary.GetExport(LibcHandle.Value, "syscall");
        Header->Syscall = (delegate* unmanaged[SuppressGCTransition]<long, long, long, long, long, long, long, long>)syscall;
        Header->BlockingSyscall = (delegate* unmanaged<long, long, long, long, long, long, long, long>)syscall;
        Header->ErrnoLocation = (delegate* unmanaged[SuppressGCTransition]<int*>)NativeLibrary.GetExport(LibcHandle.Value, "__errno_location");
        Header->Count = plan.Steps.Count;
        Header->StatusFd = fds[SpawnFd.Status];
        Header->SyncFd = fds.GetValueOrDefault(SpawnFd.Sync, -1);
        Header->Steps = (NativeStep*)Alloc(sizeof(NativeStep) * Math.Max(1, plan.Steps.Count));
        for (var i = 0; i < plan.Steps.Count; i++)
            Fill(&Header->Steps[i], plan.Steps[i], fds);
    }

    public ChildHeader* Header { get; }

    private static readonly Lazy<nint> LibcHandle = new(() => NativeLibrary.Load("libc.so.6"));

    private void Fill(NativeStep* native, PlanStep step, IReadOnlyDictionary<SpawnFd, int> fds)
    {
        native->Op = (int)step.Op;
        native->StoreIn = step.StoreIn;
        native->Nr = step.Nr;
        native->IgnoreErrno = step.IgnoreErrno;
        native->FallbackErrno = step.FallbackErrno;
        native->SkipOnSuccess = step.SkipOnSuccess;
        native->SkipOnIgnore = step.SkipOnIgnore;
        native->Blocking = step.Blocking ? 1 : 0;
        if (step.Args.Count > 6)
            throw new ArgumentException($"plan step {step} has more than 6 arguments");
        for (var i = 0; i < 6; i++)
        {
            native->ArgRegister[i] = -1;
            if (i >= step.Args.Count)
                continue;
            switch (step.Args[i])
            {
                case PlanArg.Register r:
                    native->ArgRegister[i] = (sbyte)r.Index;
                    break;
                case PlanArg.Fd f:
                    native->Args[i] = fds.TryGetValue(f.Which, out var fd)
                        ? fd
                        : throw new InvalidOperationException($"plan step {step} needs descriptor {f.Which}");
                    break;
                case PlanArg.FdPath f:
                    native->Args[i] = fds.TryGetValue(f.Which, out var pathFd)
                        ? (long)CString($"/proc/self/fd/{pathFd}")
                        : throw new InvalidOperationException($"plan step {step} needs descriptor {f.Which}");
                    break;
                default:
                    native->Args[i] = Value(step.Args[i]);
                    break;
            }
        }
    }

    private long Value(PlanArg arg) => arg switch
    {
        PlanArg.Literal l => l.Value,
        PlanArg.Text t => (long)CString(t.Value),
        PlanArg.Bytes b => (long)Copy(b.Value),
        PlanArg.TextArray a => (long)CStringArray(a.Values),
        PlanArg.Filter f => (long)SockFprog(f.Program),
        _ => throw new InvalidOperationException($"unexpected plan argument {arg}"),
    };

    private byte* CString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)Alloc(length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, length));
        p[length] = 0;
        return p;
    }

    private byte* Copy(byte[] value)
    {
        var p = (byte*)Alloc(Math.Max(1, value.Length));
        value.CopyTo(new Span<byte>(p, value.Length));
        return p;
    }

    /// <summary>struct sock_fprog { unsigned short len; struct sock_filter *filter; }</summary>
    private void* SockFprog(byte[] program)
    {
        var fprog = (byte*)Alloc(16);
        *(ushort*)fprog = (ushort)(program.Length / 8);
        *(byte**)(fprog + 8) = Copy(program);
        return fprog;
    }

    private byte** CStringArray(IReadOnlyList<string> values)
    {
        var array = (byte**)Alloc(sizeof(nint) * (values.Count + 1));
        for (var i = 0; i < values.Count; i++)
            array[i] = CString(values[i]);
        array[values.Count] = null;
        return array;
    }

    private void* Alloc(int size)
    {
        var p = NativeMemory.AllocZeroed((nuint)size);
        _blocks.Add((nint)p);
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _blocks)
            NativeMemory.Free((void*)p);
        _blocks.Clear();
    }
}
