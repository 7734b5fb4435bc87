namespace Wharf.Images.Store;

/// <summary>Protects content and snapshots that an operation is still writing (a pull before its image is
/// recorded) from garbage collection. Dispose releases it.</summary>
public sealed class Lease : IDisposable
{
    private readonly LeaseSet _owner;
    internal readonly HashSet<string> Keys = [];

    internal Lease(LeaseSet owner) => _owner = owner;

    /// <summary>Adds a blob digest or chain ID to the lease.</summary>
    public void Add(string key)
    {
        lock (_owner.Sync) Keys.Add(key);
    }

    public void Dispose() => _owner.Release(this);
}

internal sealed class LeaseSet
{
    internal readonly object Sync = new();
    private readonly List<Lease> _leases = [];

    public Lease Take()
    {
        var lease = new Lease(this);
        lock (Sync) _leases.Add(lease);
        return lease;
    }

    public void Release(Lease lease)
    {
        lock (Sync) _leases.Remove(lease);
    }

    public bool Protects(string key)
    {
        lock (Sync) return _leases.Any(l => l.Keys.Contains(key));
    }
}
