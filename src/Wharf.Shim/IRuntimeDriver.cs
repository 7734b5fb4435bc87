namespace Wharf.Shim;

/// <summary>How the shim drives the OCI runtime for its container: the built-in one as a library in this process
/// (<see cref="LibraryRuntime"/>), or any runc-shaped binary (<see cref="ExternalRuntime"/>).</summary>
internal interface IRuntimeDriver
{
    /// <summary><c>create</c>: the container's init exists and waits for <see cref="Start"/>. Throws <see cref="RuntimeFailure"/>.</summary>
    Task<SpawnedProcess> CreateAsync(ShimOptions options);

    /// <summary><c>start</c>: returns the runtime's error text, or null when the user's program runs.</summary>
    string? Start(string id);

    /// <summary><c>delete --force</c>, after the container ended.</summary>
    void Delete(string id);

    /// <summary><c>exec --detach</c> with a process.json: a new process in the running container. Throws <see cref="RuntimeFailure"/>.</summary>
    Task<SpawnedProcess> ExecAsync(string id, string execId, string processJson, bool tty, bool keepStdin);
}

/// <summary>A process the runtime started for the shim, with its stdio (pipes or a pty master) held by the shim.</summary>
internal readonly record struct SpawnedProcess(int Pid, ProcessStdio Stdio);

/// <summary>The runtime refused: the message is its error, cleaned of log decoration.</summary>
internal sealed class RuntimeFailure(string message) : Exception(message);
