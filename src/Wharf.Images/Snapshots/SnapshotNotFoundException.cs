namespace Wharf.Images.Snapshots;

public sealed class SnapshotNotFoundException(string key) : KeyNotFoundException($"snapshot {key}: not found")
{
    public string Key { get; } = key;
}
