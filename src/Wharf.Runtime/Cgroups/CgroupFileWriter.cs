using static Wharf.Runtime.Cgroups.CgroupNative;

namespace Wharf.Runtime.Cgroups;

/// <summary>
/// Writes many values into the control files of one cgroup directory, each file opened once: a device rule list
/// is a dozen writes to devices.allow, and opening a cgroup file costs more than the write (kernfs allocates an
/// open-file record per open). Every value is still its own write(2), in the order given.
/// </summary>
internal sealed class CgroupFileWriter(string dir) : IDisposable
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    public void Write(string name, string value)
    {
        var path = Path.Combine(dir, name);
        if (!_open.TryGetValue(name, out var fd))
            _open[name] = fd = CgroupFile.OpenForWrite(path);
        CgroupFile.WriteValue(fd, path, value);
    }

    public void Dispose()
    {
        foreach (var fd in _open.Values)
            Close(fd);
        _open.Clear();
    }
}
