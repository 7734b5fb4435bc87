namespace Wharf.Runtime.Spawn;

/// <summary>
/// Another way to start the child than the vfork clone, plugged into <see cref="Spawner"/>: everything else (status
/// and sync pipes, the handshake, hooks, parking, failure records) stays the spawner's. Called on the spawner's
/// dedicated thread, after it joined <see cref="SpawnPlan.ThreadNamespaces"/>; that thread exits afterwards.
/// </summary>
public unsafe interface IChildStarter
{
    /// <summary>
    /// Starts a process that runs <paramref name="plan"/> with the parent's descriptors <paramref name="fds"/>.
    /// Stores its pid in <paramref name="parentTid"/> before the child can write its first status record, and
    /// returns it; or -1 with <paramref name="errno"/>.
    /// </summary>
    int Start(SpawnPlan plan, IReadOnlyDictionary<SpawnFd, int> fds, int* parentTid, out int errno);

    /// <summary>The error for a failed <see cref="Start"/>, naming the call that failed.</summary>
    Exception Failure(int errno);
}
