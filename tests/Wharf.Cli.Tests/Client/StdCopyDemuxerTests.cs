using System.Text;
using Wharf.Api.Client.Streams;

namespace Wharf.Cli.Tests.Client;

public sealed class StdCopyDemuxerTests
{
    private static async Task<(string Out, string Err)> Demux(byte[] input)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await StdCopyDemuxer.CopyAsync(new OneByteStream(input), stdout, stderr);
        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task Splits_frames_even_when_they_arrive_a_byte_at_a_time()
    {
        var input = EngineClientTests.Frame(1, "out1 ").Concat(EngineClientTests.Frame(2, "err")).Concat(EngineClientTests.Frame(0, "stdin-as-out"))
            .Concat(EngineClientTests.Frame(1, new string('x', 70_000))).ToArray();
        var (o, e) = await Demux(input);
        Assert.Equal("out1 stdin-as-out" + new string('x', 70_000), o);
        Assert.Equal("err", e);
    }

    [Fact]
    public async Task A_system_error_frame_stops_with_the_daemon_message()
    {
        var input = EngineClientTests.Frame(1, "a").Concat(EngineClientTests.Frame(3, "Error grabbing logs: boom")).ToArray();
        var ex = await Assert.ThrowsAsync<IOException>(() => Demux(input));
        Assert.Equal("error from daemon in stream: Error grabbing logs: boom", ex.Message);
    }

    [Fact]
    public async Task A_truncated_frame_or_unknown_stream_is_an_error()
    {
        await Assert.ThrowsAsync<IOException>(() => Demux(EngineClientTests.Frame(1, "abcdef")[..10]));
        var ex = await Assert.ThrowsAsync<IOException>(() => Demux(EngineClientTests.Frame(7, "x")));
        Assert.Contains("Unrecognized input header: 7", ex.Message);
        Assert.Equal(("", ""), await Demux([]));
    }

    /// <summary>Returns one byte per read, the worst case for a frame parser.</summary>
    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], ct);
    }
}
