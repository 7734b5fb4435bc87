namespace Wharf.Shim;

/// <summary>Reads each output source on its own thread and hands every chunk to a sink until the source ends.</summary>
internal static class OutputPump
{
    /// <summary>Starts one thread per source; the task completes when all of them reached end of stream.</summary>
    public static Task Start(ProcessStdio stdio, Action<byte, ReadOnlyMemory<byte>> sink)
    {
        var done = new List<Task>();
        foreach (var (type, read) in stdio.Outputs)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                var buffer = BlockingBuffer.Allocate();
                try
                {
                    int n;
                    while ((n = read(buffer)) > 0) sink(type, buffer.AsMemory(0, n));
                }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
                finally { tcs.TrySetResult(); }
            }) { IsBackground = true, Name = $"output-{type}" };
            thread.Start();
            done.Add(tcs.Task);
        }
        return Task.WhenAll(done);
    }
}
