namespace Wharf.Images.Streams;

/// <summary>Reads <paramref name="first"/> to its end, then <paramref name="second"/>; disposes both.</summary>
public sealed class ConcatenatedStream(Stream first, Stream second) : ReadOnlyStream
{
    private bool _inSecond;

    public override int Read(Span<byte> buffer)
    {
        if (!_inSecond)
        {
            int n = first.Read(buffer);
            if (n > 0 || buffer.IsEmpty) return n;
            _inSecond = true;
        }
        return second.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (!_inSecond)
        {
            int n = await first.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (n > 0 || buffer.IsEmpty) return n;
            _inSecond = true;
        }
        return await second.ReadAsync(buffer, ct).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { first.Dispose(); second.Dispose(); }
        base.Dispose(disposing);
    }
}
