using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Wharf.Distribution.Server.Hosting;

/// <summary>
/// Kestrel connection middleware for plain-HTTP listeners. Kestrel's HTTP layer writes its responses into a
/// pipe that this class, not the socket transport, sends on the connection's socket; so it can also send a
/// file with <c>sendfile(2)</c> (<see cref="IFileSendFeature"/>) in order after the headers Kestrel flushed.
/// Kestrel's own transport has no way to say when bytes it was given reached the socket, which that order needs.
/// The transport still receives; its output pipe stays unused and is completed, to shut the socket down, only
/// after everything here was sent.
/// </summary>
internal sealed class FileSendingConnection : IFileSendFeature
{
    // Hand the file to the kernel in pieces no larger than SendPacketsElement takes (an int count).
    private const int MaxSendFilePiece = 1 << 30;
    private readonly Socket _socket;
    private readonly ConnectionContext _connection;
    private readonly TimeSpan _stallTimeout;
    private readonly Pipe _responses;
    private readonly List<ArraySegment<byte>> _gather = [];
    private FileSendJob? _queued;
    private volatile bool _ended;

    private FileSendingConnection(Socket socket, ConnectionContext connection, TimeSpan stallTimeout, MemoryPool<byte> pool, long pauseAt)
    {
        _socket = socket;
        _connection = connection;
        _stallTimeout = stallTimeout;
        _responses = new Pipe(new PipeOptions(pool, PipeScheduler.ThreadPool, PipeScheduler.Inline,
            pauseWriterThreshold: pauseAt, resumeWriterThreshold: pauseAt / 2, useSynchronizationContext: false));
    }

    /// <summary>The middleware: wraps each connection whose transport exposes its socket, passes others through.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(MemoryPool<byte> pool, long maxResponseBuffer, TimeSpan stallTimeout) => next => async context =>
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await next(context);
            return;
        }
        var transport = context.Transport;
        var connection = new FileSendingConnection(socket, context, stallTimeout, pool, maxResponseBuffer);
        context.Transport = new DuplexPipe(transport.Input, connection._responses.Writer);
        context.Features.Set<IFileSendFeature>(connection);
        var sending = connection.SendLoopAsync();
        try { await next(context); }
        finally
        {
            // Kestrel completes the writer when the connection's HTTP work ends; again here for an exception.
            await connection._responses.Writer.CompleteAsync();
            await sending;
            context.Transport = transport;
            await transport.Output.CompleteAsync();
        }
    };

    public Task SendFileAsync(FileStream file, long offset, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var job = new FileSendJob(file, offset, count);
        if (Interlocked.CompareExchange(ref _queued, job, null) is not null)
            throw new InvalidOperationException("a file send is already queued on this connection");
        if (_ended) Interlocked.Exchange(ref _queued, null)?.Fail(new IOException("the connection is closed"));
        else
        {
            try { _responses.Reader.CancelPendingRead(); } // wakes the loop if it waits for response bytes
            catch (InvalidOperationException) { } // the loop just ended; it fails the job
        }
        return job.Done.Task;
    }

    private async Task SendLoopAsync()
    {
        var reader = _responses.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                await SendAndConsumeAsync(reader, result.Buffer);
                if (Interlocked.Exchange(ref _queued, null) is { } job) await RunAsync(reader, job);
                else if (result.IsCompleted) break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            error = e; // the peer went away or Kestrel aborted the connection: its writes now fail too
        }
        finally
        {
            _ended = true;
            Interlocked.Exchange(ref _queued, null)?.Fail(error ?? new IOException("the connection is closed"));
            await reader.CompleteAsync(error);
        }
    }

    /// <summary>Sends what was flushed before the job was queued (it is in the pipe by now), then the file.</summary>
    private async Task RunAsync(PipeReader reader, FileSendJob job)
    {
        try
        {
            while (reader.TryRead(out var more))
            {
                bool drained = more.Buffer.IsEmpty || more.IsCompleted;
                await SendAndConsumeAsync(reader, more.Buffer);
                if (drained) break;
            }
            using (new StallWatch(_socket, _stallTimeout, () => _connection.Abort(new ConnectionAbortedException("the client took no bytes of a file send for " + _stallTimeout))))
            {
                for (long sent = 0; sent < job.Count;)
                {
                    int piece = (int)Math.Min(job.Count - sent, MaxSendFilePiece);
                    await SendFilePieceAsync(job.File, job.Offset + sent, piece);
                    sent += piece;
                }
            }
            job.Done.TrySetResult();
        }
        catch (Exception e)
        {
            job.Fail(e);
            throw;
        }
    }

    private async Task SendAndConsumeAsync(PipeReader reader, ReadOnlySequence<byte> buffer)
    {
        try
        {
            if (buffer.IsSingleSegment) await SendAllAsync(buffer.First);
            else
            {
                // A stream socket's gathered send normally takes everything; whatever it did not goes piece by piece.
                int sent = TryGather(buffer) ? await _socket.SendAsync(_gather, SocketFlags.None) : 0;
                foreach (var segment in buffer.Slice(sent)) await SendAllAsync(segment);
            }
        }
        finally
        {
            _gather.Clear();
            reader.AdvanceTo(buffer.End);
        }
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty) bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None)..];
    }

    /// <summary>One writev for a response spread over several pool blocks, when they are arrays (the registry's pool's are).</summary>
    private bool TryGather(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(segment, out var array)) return false;
            _gather.Add(array);
        }
        return true;
    }

    /// <summary>sendfile(2) through the socket's own asynchronous engine, which waits for room in the socket without holding a thread.</summary>
    private Task SendFilePieceAsync(FileStream file, long offset, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var args = new SocketAsyncEventArgs { SendPacketsElements = [new SendPacketsElement(file, offset, count)] };
        args.Completed += (_, e) => Finish(e, done);
        if (!_socket.SendPacketsAsync(args)) Finish(args, done);
        return done.Task;

        static void Finish(SocketAsyncEventArgs e, TaskCompletionSource done)
        {
            if (e.SocketError == SocketError.Success) done.TrySetResult();
            else done.TrySetException(new SocketException((int)e.SocketError));
            e.Dispose();
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class FileSendJob(FileStream file, long offset, long count)
    {
        public FileStream File { get; } = file;
        public long Offset { get; } = offset;
        public long Count { get; } = count;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception e) => Done.TrySetException(e as IOException ?? new IOException(e.Message, e));
    }
}
