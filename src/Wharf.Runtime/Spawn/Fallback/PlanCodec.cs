using System.Text;

namespace Wharf.Runtime.Spawn.Fallback;

/// <summary>
/// Carries a <see cref="SpawnPlan"/>'s steps and the descriptor numbers they name from the runtime to the second
/// stage of the unshare path, which lays them out with the same <see cref="PlanImage"/> and walks them with the same
/// <see cref="ChildMain"/> interpreter as the vfork child: one plan, one interpreter, two ways to start it.
/// </summary>
internal static class PlanCodec
{
    private const int Magic = 0x4e4c5057; // "WPLN"
    private const int Version = 1;

    private enum Tag : byte { Literal, Text, Bytes, TextArray, Register, Fd, FdPath, Filter }

    public static byte[] Encode(SpawnPlan plan, IReadOnlyDictionary<SpawnFd, int> fds)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(fds.Count);
            foreach (var (which, fd) in fds)
            {
                w.Write((int)which);
                w.Write(fd);
            }
            w.Write(plan.Steps.Count);
            foreach (var step in plan.Steps)
                Write(w, step);
        }
        return buffer.ToArray();
    }

    public static (SpawnPlan Plan, Dictionary<SpawnFd, int> Fds) Decode(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        if (r.ReadInt32() != Magic || r.ReadInt32() != Version)
            throw new ContainerException("init-stage: the plan was not written by this wharf-runtime version");
        var fds = new Dictionary<SpawnFd, int>();
        for (var n = r.ReadInt32(); n > 0; n--)
            fds[(SpawnFd)r.ReadInt32()] = r.ReadInt32();
        var plan = new SpawnPlan();
        for (var n = r.ReadInt32(); n > 0; n--)
            plan.Add(ReadStep(r));
        if (r.BaseStream.Position != data.Length)
            throw new ContainerException("init-stage: trailing bytes after the plan");
        return (plan, fds);
    }

    private static void Write(BinaryWriter w, PlanStep step)
    {
        w.Write((int)step.Op);
        w.Write(step.Nr);
        w.Write(step.Call);
        w.Write(step.Target ?? "");
        w.Write(step.StoreIn);
        w.Write(step.IgnoreErrno);
        w.Write(step.FallbackErrno);
        w.Write(step.SkipOnSuccess);
        w.Write(step.SkipOnIgnore);
        w.Write(step.Blocking);
        w.Write(step.Args.Count);
        foreach (var arg in step.Args)
            Write(w, arg);
    }

    private static PlanStep ReadStep(BinaryReader r)
    {
        var op = (PlanOp)r.ReadInt32();
        var nr = r.ReadInt64();
        var call = r.ReadString();
        var target = r.ReadString();
        var (storeIn, ignore, fallback, skipOnSuccess, skipOnIgnore) =
            (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
        var blocking = r.ReadBoolean();
        var args = new PlanArg[r.ReadInt32()];
        for (var i = 0; i < args.Length; i++)
            args[i] = ReadArg(r);
        return new PlanStep(op, nr, args, call, target.Length == 0 ? null : target, storeIn, ignore, fallback,
            skipOnSuccess, skipOnIgnore, blocking);
    }

    private static void Write(BinaryWriter w, PlanArg arg)
    {
        switch (arg)
        {
            case PlanArg.Literal l:
                w.Write((byte)Tag.Literal);
                w.Write(l.Value);
                break;
            case PlanArg.Text t:
                w.Write((byte)Tag.Text);
                w.Write(t.Value);
                break;
            case PlanArg.Bytes b:
                w.Write((byte)Tag.Bytes);
                WriteBytes(w, b.Value);
                break;
            case PlanArg.TextArray a:
                w.Write((byte)Tag.TextArray);
                w.Write(a.Values.Count);
                foreach (var value in a.Values) w.Write(value);
                break;
            case PlanArg.Register g:
                w.Write((byte)Tag.Register);
                w.Write(g.Index);
                break;
            case PlanArg.Fd f:
                w.Write((byte)Tag.Fd);
                w.Write((int)f.Which);
                break;
            case PlanArg.FdPath p:
                w.Write((byte)Tag.FdPath);
                w.Write((int)p.Which);
                break;
            case PlanArg.Filter f:
                w.Write((byte)Tag.Filter);
                WriteBytes(w, f.Program);
                break;
            default:
                throw new InvalidOperationException($"unexpected plan argument {arg}");
        }
    }

    private static PlanArg ReadArg(BinaryReader r) => (Tag)r.ReadByte() switch
    {
        Tag.Literal => new PlanArg.Literal(r.ReadInt64()),
        Tag.Text => new PlanArg.Text(r.ReadString()),
        Tag.Bytes => new PlanArg.Bytes(ReadBytes(r)),
        Tag.TextArray => new PlanArg.TextArray(Enumerable.Range(0, r.ReadInt32()).Select(_ => r.ReadString()).ToList()),
        Tag.Register => new PlanArg.Register(r.ReadInt32()),
        Tag.Fd => new PlanArg.Fd((SpawnFd)r.ReadInt32()),
        Tag.FdPath => new PlanArg.FdPath((SpawnFd)r.ReadInt32()),
        Tag.Filter => new PlanArg.Filter(ReadBytes(r)),
        var tag => throw new ContainerException($"init-stage: unknown plan argument tag {tag}"),
    };

    private static void WriteBytes(BinaryWriter w, byte[] value)
    {
        w.Write(value.Length);
        w.Write(value);
    }

    private static byte[] ReadBytes(BinaryReader r)
    {
        var length = r.ReadInt32();
        var bytes = r.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException("init-stage: truncated plan");
    }
}
