using System.Text.Json;
using Wharf.Oci.Runtime;

namespace Wharf.Runtime.Containers;

/// <summary>
/// Reads config.json into a <see cref="Spec"/> with a <see cref="Utf8JsonReader"/> and no serializer metadata. In a
/// NativeAOT process the first System.Text.Json use of <see cref="Spec"/> configures a type description for the
/// whole graph (converters, properties, attribute lookups): about 17% of a `run`'s CPU (perf), more than parsing.
/// Accepts what <see cref="RuntimeJson"/> accepts: camelCase names matched exactly, unknown names skipped, comments
/// and trailing commas; a value of the wrong kind throws <see cref="JsonException"/> with its JSON path.
/// </summary>
public sealed class SpecReader
{
    private delegate T Item<T>(SpecReader s, ref Utf8JsonReader r);

    private delegate bool Fill<in T>(SpecReader s, T target, string name, ref Utf8JsonReader r);

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly List<string> _path = ["$"];

    private SpecReader()
    {
    }

    public static Spec? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        var s = new SpecReader();
        if (!reader.Read())
            throw new JsonException("The input does not contain any JSON tokens.", "$", 0, 0);
        var spec = s.Object<Spec>(ref reader, FillSpec);
        if (reader.Read())
            throw new JsonException("'" + reader.TokenType + "' is invalid after a single JSON value.", "$", null, null);
        return spec;
    }

    private static bool FillSpec(SpecReader s, Spec o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "ociVersion": o.OciVersion = s.Str(ref r)!; break;
            case "process": o.Process = s.Object<Process>(ref r, FillProcess); break;
            case "root": o.Root = s.Object<Root>(ref r, FillRoot); break;
            case "hostname": o.Hostname = s.Str(ref r); break;
            case "domainname": o.Domainname = s.Str(ref r); break;
            case "mounts": o.Mounts = s.ListOf(ref r, static (s, ref r) => s.Object<Mount>(ref r, FillMount)!); break;
            case "hooks": o.Hooks = s.Object<Hooks>(ref r, FillHooks); break;
            case "annotations": o.Annotations = s.Map(ref r); break;
            case "linux": o.Linux = s.Object<Linux>(ref r, FillLinux); break;
            default: return false;
        }
        return true;
    }

    private static bool FillRoot(SpecReader s, Root o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "path": o.Path = s.Str(ref r)!; break;
            case "readonly": o.Readonly = s.OptBool(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillMount(SpecReader s, Mount o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "destination": o.Destination = s.Str(ref r)!; break;
            case "type": o.Type = s.Str(ref r); break;
            case "source": o.Source = s.Str(ref r); break;
            case "options": o.Options = s.Strings(ref r); break;
            case "uidMappings": o.UidMappings = s.IdMappings(ref r); break;
            case "gidMappings": o.GidMappings = s.IdMappings(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillProcess(SpecReader s, Process o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "terminal": o.Terminal = s.OptBool(ref r); break;
            case "consoleSize": o.ConsoleSize = s.Object<Box>(ref r, FillBox); break;
            case "user": o.User = s.Object<User>(ref r, FillUser)!; break;
            case "args": o.Args = s.Strings(ref r); break;
            case "commandLine": o.CommandLine = s.Str(ref r); break;
            case "env": o.Env = s.Strings(ref r); break;
            case "cwd": o.Cwd = s.Str(ref r)!; break;
            case "capabilities": o.Capabilities = s.Object<LinuxCapabilities>(ref r, FillCapabilities); break;
            case "rlimits": o.Rlimits = s.ListOf(ref r, static (s, ref r) => s.Object<PosixRlimit>(ref r, FillRlimit)!); break;
            case "noNewPrivileges": o.NoNewPrivileges = s.OptBool(ref r); break;
            case "apparmorProfile": o.ApparmorProfile = s.Str(ref r); break;
            case "oomScoreAdj": o.OomScoreAdj = s.Opt(ref r, Int); break;
            case "selinuxLabel": o.SelinuxLabel = s.Str(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillBox(SpecReader s, Box o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "height": o.Height = s.UInt(ref r); break;
            case "width": o.Width = s.UInt(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillUser(SpecReader s, User o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "uid": o.Uid = s.UInt(ref r); break;
            case "gid": o.Gid = s.UInt(ref r); break;
            case "umask": o.Umask = s.Opt(ref r, UIntOf); break;
            case "additionalGids": o.AdditionalGids = s.ListOf(ref r, UIntOf); break;
            case "username": o.Username = s.Str(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillCapabilities(SpecReader s, LinuxCapabilities o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "bounding": o.Bounding = s.Strings(ref r); break;
            case "effective": o.Effective = s.Strings(ref r); break;
            case "inheritable": o.Inheritable = s.Strings(ref r); break;
            case "permitted": o.Permitted = s.Strings(ref r); break;
            case "ambient": o.Ambient = s.Strings(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillRlimit(SpecReader s, PosixRlimit o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "type": o.Type = s.Str(ref r)!; break;
            case "hard": o.Hard = s.ULong(ref r); break;
            case "soft": o.Soft = s.ULong(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillHooks(SpecReader s, Hooks o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "prestart": o.Prestart = s.HookList(ref r); break;
            case "createRuntime": o.CreateRuntime = s.HookList(ref r); break;
            case "createContainer": o.CreateContainer = s.HookList(ref r); break;
            case "startContainer": o.StartContainer = s.HookList(ref r); break;
            case "poststart": o.Poststart = s.HookList(ref r); break;
            case "poststop": o.Poststop = s.HookList(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillHook(SpecReader s, Hook o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "path": o.Path = s.Str(ref r)!; break;
            case "args": o.Args = s.Strings(ref r); break;
            case "env": o.Env = s.Strings(ref r); break;
            case "timeout": o.Timeout = s.Opt(ref r, Int); break;
            default: return false;
        }
        return true;
    }

    private static bool FillIdMapping(SpecReader s, IdMapping o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "containerID": o.ContainerId = s.UInt(ref r); break;
            case "hostID": o.HostId = s.UInt(ref r); break;
            case "size": o.Size = s.UInt(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillLinux(SpecReader s, Linux o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "namespaces": o.Namespaces = s.ListOf(ref r, static (s, ref r) => s.Object<LinuxNamespace>(ref r, FillNamespace)!); break;
            case "uidMappings": o.UidMappings = s.IdMappings(ref r); break;
            case "gidMappings": o.GidMappings = s.IdMappings(ref r); break;
            case "devices": o.Devices = s.ListOf(ref r, static (s, ref r) => s.Object<LinuxDevice>(ref r, FillDevice)!); break;
            case "cgroupsPath": o.CgroupsPath = s.Str(ref r); break;
            case "resources": o.Resources = s.Object<LinuxResources>(ref r, FillResources); break;
            case "rootfsPropagation": o.RootfsPropagation = s.Str(ref r); break;
            case "seccomp": o.Seccomp = s.Object<LinuxSeccomp>(ref r, FillSeccomp); break;
            case "sysctl": o.Sysctl = s.Map(ref r); break;
            case "maskedPaths": o.MaskedPaths = s.Strings(ref r); break;
            case "readonlyPaths": o.ReadonlyPaths = s.Strings(ref r); break;
            case "mountLabel": o.MountLabel = s.Str(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillNamespace(SpecReader s, LinuxNamespace o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "type": o.Type = s.Str(ref r)!; break;
            case "path": o.Path = s.Str(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillDevice(SpecReader s, LinuxDevice o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "path": o.Path = s.Str(ref r)!; break;
            case "type": o.Type = s.Str(ref r)!; break;
            case "major": o.Major = s.Long(ref r); break;
            case "minor": o.Minor = s.Long(ref r); break;
            case "fileMode": o.FileMode = s.Opt(ref r, UIntOf); break;
            case "uid": o.Uid = s.Opt(ref r, UIntOf); break;
            case "gid": o.Gid = s.Opt(ref r, UIntOf); break;
            default: return false;
        }
        return true;
    }

    private static bool FillResources(SpecReader s, LinuxResources o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "devices": o.Devices = s.ListOf(ref r, static (s, ref r) => s.Object<LinuxDeviceCgroup>(ref r, FillDeviceCgroup)!); break;
            case "memory": o.Memory = s.Object<LinuxMemory>(ref r, FillMemory); break;
            case "cpu": o.Cpu = s.Object<LinuxCpu>(ref r, FillCpu); break;
            case "pids": o.Pids = s.Object<LinuxPids>(ref r, FillPids); break;
            case "blockIO": o.BlockIo = s.Object<LinuxBlockIo>(ref r, FillBlockIo); break;
            case "hugepageLimits": o.HugepageLimits = s.ListOf(ref r, static (s, ref r) => s.Object<LinuxHugepageLimit>(ref r, FillHugepageLimit)!); break;
            case "unified": o.Unified = s.Map(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillDeviceCgroup(SpecReader s, LinuxDeviceCgroup o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "allow": o.Allow = s.Bool(ref r); break;
            case "type": o.Type = s.Str(ref r); break;
            case "major": o.Major = s.Opt(ref r, LongOf); break;
            case "minor": o.Minor = s.Opt(ref r, LongOf); break;
            case "access": o.Access = s.Str(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillMemory(SpecReader s, LinuxMemory o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "limit": o.Limit = s.Opt(ref r, LongOf); break;
            case "reservation": o.Reservation = s.Opt(ref r, LongOf); break;
            case "swap": o.Swap = s.Opt(ref r, LongOf); break;
            case "kernel": o.Kernel = s.Opt(ref r, LongOf); break;
            case "kernelTCP": o.KernelTcp = s.Opt(ref r, LongOf); break;
            case "swappiness": o.Swappiness = s.Opt(ref r, ULongOf); break;
            case "disableOOMKiller": o.DisableOomKiller = s.OptBool(ref r); break;
            case "useHierarchy": o.UseHierarchy = s.OptBool(ref r); break;
            case "checkBeforeUpdate": o.CheckBeforeUpdate = s.OptBool(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillCpu(SpecReader s, LinuxCpu o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "shares": o.Shares = s.Opt(ref r, ULongOf); break;
            case "quota": o.Quota = s.Opt(ref r, LongOf); break;
            case "burst": o.Burst = s.Opt(ref r, ULongOf); break;
            case "period": o.Period = s.Opt(ref r, ULongOf); break;
            case "realtimeRuntime": o.RealtimeRuntime = s.Opt(ref r, LongOf); break;
            case "realtimePeriod": o.RealtimePeriod = s.Opt(ref r, ULongOf); break;
            case "cpus": o.Cpus = s.Str(ref r); break;
            case "mems": o.Mems = s.Str(ref r); break;
            case "idle": o.Idle = s.Opt(ref r, LongOf); break;
            default: return false;
        }
        return true;
    }

    private static bool FillPids(SpecReader s, LinuxPids o, string name, ref Utf8JsonReader r)
    {
        if (name != "limit") return false;
        o.Limit = s.Long(ref r);
        return true;
    }

    private static bool FillBlockIo(SpecReader s, LinuxBlockIo o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "weight": o.Weight = s.Opt(ref r, UShortOf); break;
            case "leafWeight": o.LeafWeight = s.Opt(ref r, UShortOf); break;
            default: return false;
        }
        return true;
    }

    private static bool FillHugepageLimit(SpecReader s, LinuxHugepageLimit o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "pageSize": o.PageSize = s.Str(ref r)!; break;
            case "limit": o.Limit = s.ULong(ref r); break;
            default: return false;
        }
        return true;
    }

    private static bool FillSeccomp(SpecReader s, LinuxSeccomp o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "defaultAction": o.DefaultAction = s.Str(ref r)!; break;
            case "defaultErrnoRet": o.DefaultErrnoRet = s.Opt(ref r, UIntOf); break;
            case "architectures": o.Architectures = s.Strings(ref r); break;
            case "flags": o.Flags = s.Strings(ref r); break;
            case "listenerPath": o.ListenerPath = s.Str(ref r); break;
            case "listenerMetadata": o.ListenerMetadata = s.Str(ref r); break;
            case "syscalls": o.Syscalls = s.ListOf(ref r, static (s, ref r) => s.Object<LinuxSyscall>(ref r, FillSyscall)!); break;
            default: return false;
        }
        return true;
    }

    private static bool FillSyscall(SpecReader s, LinuxSyscall o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "names": o.Names = s.Strings(ref r)!; break;
            case "action": o.Action = s.Str(ref r)!; break;
            case "errnoRet": o.ErrnoRet = s.Opt(ref r, UIntOf); break;
            case "args": o.Args = s.ListOf(ref r, static (s, ref r) => s.Object<LinuxSeccompArg>(ref r, FillSeccompArg)!); break;
            default: return false;
        }
        return true;
    }

    private static bool FillSeccompArg(SpecReader s, LinuxSeccompArg o, string name, ref Utf8JsonReader r)
    {
        switch (name)
        {
            case "index": o.Index = s.UInt(ref r); break;
            case "value": o.Value = s.ULong(ref r); break;
            case "valueTwo": o.ValueTwo = s.Opt(ref r, ULongOf); break;
            case "op": o.Op = s.Str(ref r)!; break;
            default: return false;
        }
        return true;
    }

    // ---- shapes: objects, arrays, string maps ----

    /// <summary>An object (or null), each property handed to <paramref name="fill"/>; names it does not know are skipped.</summary>
    private T? Object<T>(ref Utf8JsonReader r, Fill<T> fill) where T : class, new()
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartObject) throw Mismatch(typeof(T).Name);
        var value = new T();
        while (Next(ref r) != JsonTokenType.EndObject)
        {
            var name = r.GetString()!;
            Next(ref r);
            _path.Add("." + name);
            if (!fill(this, value, name, ref r)) r.Skip();
            _path.RemoveAt(_path.Count - 1);
        }
        return value;
    }

    private List<T>? ListOf<T>(ref Utf8JsonReader r, Item<T> item)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartArray) throw Mismatch($"List<{typeof(T).Name}>");
        var list = new List<T>();
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            _path.Add($"[{list.Count}]");
            list.Add(item(this, ref r));
            _path.RemoveAt(_path.Count - 1);
        }
        return list;
    }

    private Dictionary<string, string>? Map(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartObject) throw Mismatch("Dictionary<String, String>");
        var map = new Dictionary<string, string>();
        while (Next(ref r) != JsonTokenType.EndObject)
        {
            var key = r.GetString()!;
            Next(ref r);
            _path.Add("." + key);
            map[key] = Str(ref r)!;
            _path.RemoveAt(_path.Count - 1);
        }
        return map;
    }

    private List<string>? Strings(ref Utf8JsonReader r) => ListOf(ref r, static (s, ref r) => s.Str(ref r)!);

    private List<IdMapping>? IdMappings(ref Utf8JsonReader r)
        => ListOf(ref r, static (s, ref r) => s.Object<IdMapping>(ref r, FillIdMapping)!);

    private List<Hook>? HookList(ref Utf8JsonReader r) => ListOf(ref r, static (s, ref r) => s.Object<Hook>(ref r, FillHook)!);

    // ---- scalars ----

    private string? Str(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.String => r.GetString(),
        JsonTokenType.Null => null,
        _ => throw Mismatch("String"),
    };

    private bool Bool(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Mismatch("Boolean"),
    };

    private bool? OptBool(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : Bool(ref r);

    /// <summary>A nullable number: JSON null, or what <paramref name="read"/> makes of the number.</summary>
    private T? Opt<T>(ref Utf8JsonReader r, Item<T> read) where T : struct
        => r.TokenType == JsonTokenType.Null ? null : read(this, ref r);

    private uint UInt(ref Utf8JsonReader r) => IsNumber(ref r) && r.TryGetUInt32(out var v) ? v : throw Mismatch("UInt32");

    private ulong ULong(ref Utf8JsonReader r) => IsNumber(ref r) && r.TryGetUInt64(out var v) ? v : throw Mismatch("UInt64");

    private long Long(ref Utf8JsonReader r) => IsNumber(ref r) && r.TryGetInt64(out var v) ? v : throw Mismatch("Int64");

    private static int Int(SpecReader s, ref Utf8JsonReader r) => IsNumber(ref r) && r.TryGetInt32(out var v) ? v : throw s.Mismatch("Int32");

    private static ushort UShortOf(SpecReader s, ref Utf8JsonReader r) => IsNumber(ref r) && r.TryGetUInt16(out var v) ? v : throw s.Mismatch("UInt16");

    private static uint UIntOf(SpecReader s, ref Utf8JsonReader r) => s.UInt(ref r);

    private static ulong ULongOf(SpecReader s, ref Utf8JsonReader r) => s.ULong(ref r);

    private static long LongOf(SpecReader s, ref Utf8JsonReader r) => s.Long(ref r);

    private static bool IsNumber(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Number;

    private static JsonTokenType Next(ref Utf8JsonReader r)
        => r.Read() ? r.TokenType : throw new JsonException("Expected more JSON: the input ends inside a value.");

    private JsonException Mismatch(string type)
    {
        var path = string.Concat(_path);
        return new JsonException($"The JSON value could not be converted to {type}. Path: {path}", path, null, null);
    }
}
