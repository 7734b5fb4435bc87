namespace Wharf.Engine.Containers;

/// <summary>A container in memory: its stored record plus what only lives while the daemon runs.</summary>
public sealed class Container(ContainerRecord record)
{
    public ContainerRecord Record { get; } = record;
    public string Id => Record.Id;

    /// <summary>Serialises lifecycle operations (start/stop/kill/remove) on this container.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Completes with the exit code when the current run ends; replaced at each start.</summary>
    public TaskCompletionSource<int> NextExit { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the container is removed.</summary>
    public TaskCompletionSource Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Attach requests waiting for the container to start (docker run attaches before start).</summary>
    public List<Func<Task>> PendingAttaches { get; } = [];

    public CancellationTokenSource? RestartDelay { get; set; }
    public CancellationTokenSource? HealthLoop { get; set; }

    public bool IsRunning => Record.State.Running;
    public string ShortId => Id[..12];
}
