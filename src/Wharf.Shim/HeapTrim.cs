namespace Wharf.Shim;

/// <summary>Gives back what the in-process create and start allocated (spec, seccomp program, plan): a shim lives as
/// long as its container, so memory its heap keeps committed is a per-container cost (bench/daemon).</summary>
internal static class HeapTrim
{
    /// <summary>A full compacting collection that also decommits the freed regions. About a millisecond on this small
    /// heap; callers run it after replying, off the start path.</summary>
    public static void Now() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>Trims once the container has run for a moment. One that ends at once (run --rm busybox true) needs no
    /// trim, its shim exits; collecting right after start made the reaper, back from waitpid, wait for the collection
    /// before it could report the exit. Blocks the calling thread up to <see cref="Grace"/>.</summary>
    public static void AfterStart(Task exited)
    {
        if (!exited.Wait(Grace)) Now();
    }

    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(50);
}
