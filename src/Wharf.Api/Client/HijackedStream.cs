using Wharf.Api.Client.Http;

namespace Wharf.Api.Client;

/// <summary>The raw two-way pipe left after a 101 upgrade: read the container's output, write its stdin, half-close at stdin EOF.</summary>
public sealed class HijackedStream : IAsyncDisposable
{
    private readonly EngineResponse _response;

    internal HijackedStream(EngineResponse response) => _response = response;

    /// <summary>Output from the daemon (raw TTY bytes, or stdcopy frames without a TTY); includes bytes read with the head.</summary>
    public Stream Output => _response.Body;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        await _response.Connection.Stream.WriteAsync(data, ct).ConfigureAwait(false);
        await _response.Connection.Stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Signals stdin EOF with shutdown(SHUT_WR) while output keeps flowing.</summary>
    public Task CloseWriteAsync() => _response.Connection.CloseWriteAsync();

    public ValueTask DisposeAsync() => _response.DisposeAsync();
}
