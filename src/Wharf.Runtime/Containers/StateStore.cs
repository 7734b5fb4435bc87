using System.Text.Json;
using System.Text.RegularExpressions;
using Wharf.Runtime.Native;

namespace Wharf.Runtime.Containers;

/// <summary>
/// The runtime's state directory. Layout, one folder per container:
/// <c>ROOT/ID/state.json</c> (a <see cref="ContainerRecord"/>, written atomically) and, between create and
/// start, <c>ROOT/ID/exec.fifo</c>, on which the parked container process waits.
/// </summary>
public sealed partial class StateStore(string root)
{
    public const string DefaultRoot = "/run/wharf/runtime";

    public string Root { get; } = Path.GetFullPath(root);

    public string Dir(string id) => Path.Combine(Root, id);

    public string FifoPath(string id) => Path.Combine(Dir(id), "exec.fifo");

    private string StatePath(string id) => Path.Combine(Dir(id), "state.json");

    [GeneratedRegex(@"^[\w+\-\.]+$")]
    private static partial Regex IdPattern();

    public static void ValidateId(string id)
    {
        if (string.IsNullOrEmpty(id) || id is "." or ".." || !IdPattern().IsMatch(id))
            throw new ContainerException($"invalid id format: \"{id}\"");
    }

    /// <summary>Claims the id: creating its folder fails if another container has it.</summary>
    public void Claim(string id)
    {
        ValidateId(id);
        Directory.CreateDirectory(Root);
        if (Libc.mkdir(Dir(id), 0x1c9 /* 0711: the user may reach exec.fifo */) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == ErrnoNames.EEXIST) throw new ContainerException($"container with id exists: {id}");
            throw new SyscallException("mkdir", Dir(id), errno);
        }
    }

    public void Save(ContainerRecord record)
        => AtomicFile.Write(StatePath(record.Id),
            record.ConfigJson is { } config
                ? StateJson.Write(record, config)
                : JsonSerializer.SerializeToUtf8Bytes(record, RuntimeJson.Default.ContainerRecord),
            durable: false); // runtime state is volatile like runc's: it lives in /run and dies with its processes

    public ContainerRecord Load(string id)
    {
        ValidateId(id);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(StatePath(id));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContainerException($"container \"{id}\" does not exist");
        }
        return JsonSerializer.Deserialize(bytes, RuntimeJson.Default.ContainerRecord)
               ?? throw new ContainerException($"container \"{id}\": state.json is empty");
    }

    public IEnumerable<string> Ids()
        => Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).Where(id => File.Exists(StatePath(id!))).Order()!
            : [];

    public void Remove(string id)
    {
        // The folder holds only the two known files: unlink them and rmdir, walking it only if something else is there.
        try
        {
            File.Delete(StatePath(id));
            File.Delete(FifoPath(id));
            Directory.Delete(Dir(id));
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException) when (Directory.Exists(Dir(id)))
        {
            Directory.Delete(Dir(id), recursive: true);
        }
    }
}
