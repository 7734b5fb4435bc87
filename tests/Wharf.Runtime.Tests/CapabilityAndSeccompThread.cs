namespace Wharf.Runtime.Tests;

/// <summary>
/// Capabilities, no_new_privs and seccomp filters belong to a thread, so tests change them on a fresh thread
/// that does only that job and then ends; it is never handed back to a pool.
/// </summary>
internal static class CapabilityAndSeccompThread
{
    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new Xunit.Sdk.XunitException($"work on the dedicated thread failed: {failure}");
    }
}
