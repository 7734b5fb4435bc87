namespace Wharf.Api.Client.Http;

/// <summary>A body framed by Content-Length: ends after exactly that many bytes.</summary>
internal sealed class LengthLimitedReadStream(Stream inner, long length) : ReadOnlyStreamBase
{
    private long _remaining = length;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_remaining == 0) return 0;
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], ct).ConfigureAwait(false);
        if (n == 0) throw new IOException($"the daemon closed the connection with {_remaining} body bytes missing");
        _remaining -= n;
        return n;
    }
}
