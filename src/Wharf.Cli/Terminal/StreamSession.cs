using Wharf.Api.Client;
using Wharf.Api.Client.Streams;

namespace Wharf.Cli.Terminal;

/// <summary>
/// Runs a hijacked attach or exec stream: copies output (raw with a TTY, demultiplexed without), forwards stdin,
/// half-closes at stdin EOF, and stops early when the detach keys are typed. Returns true on detach.
/// </summary>
public sealed class StreamSession(HijackedStream stream, bool tty, Stream? stdin, Stream stdout, Stream stderr, DetachKeys? detachKeys)
{
    public async Task<bool> RunAsync()
    {
        var output = CopyOutputAsync();
        if (stdin == null)
        {
            await output;
            return false;
        }
        var input = CopyInputAsync();
        var first = await Task.WhenAny(output, input);
        if (first == input && await input)
            return true; // detach: stop without waiting for the container
        await output;
        return false;
    }

    private async Task CopyOutputAsync()
    {
        try
        {
            if (tty)
            {
                var buffer = new byte[32 * 1024];
                int n;
                while ((n = await stream.Output.ReadAsync(buffer)) > 0)
                {
                    await stdout.WriteAsync(buffer.AsMemory(0, n));
                    await stdout.FlushAsync();
                }
            }
            else
            {
                await StdCopyDemuxer.CopyAsync(stream.Output, stdout, stderr);
            }
        }
        catch (IOException) when (!tty)
        {
            throw;
        }
        catch (IOException)
        {
            // a TTY stream ends when the daemon closes the socket; a reset at that moment is the same end
        }
    }

    /// <summary>Forwards stdin; true when the detach sequence was typed, false at EOF (after CloseWrite).</summary>
    private async Task<bool> CopyInputAsync()
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var n = await stdin!.ReadAsync(buffer);
                if (n == 0) break;
                var data = buffer.AsMemory(0, n);
                if (detachKeys != null)
                {
                    var (forward, detach) = detachKeys.Feed(data.Span);
                    if (forward.Length > 0) await stream.WriteAsync(forward);
                    if (detach) return true;
                    continue;
                }
                await stream.WriteAsync(data);
            }
        }
        catch (IOException)
        {
            // the container went away while we were writing: the output side reports the outcome
            return false;
        }
        await stream.CloseWriteAsync();
        return false;
    }
}
