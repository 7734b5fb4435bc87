using System.Text;
using System.Text.Json;

namespace Wharf.Api.Client.Http;

/// <summary>A daemon response: status, headers, and the body as a stream (length-delimited, chunked, or until close).</summary>
public sealed class EngineResponse : IAsyncDisposable, IDisposable
{
    private readonly EngineConnection _connection;

    public int StatusCode { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }
    public Stream Body { get; }

    internal EngineResponse(EngineConnection connection, int status, Dictionary<string, string> headers, Stream body)
    {
        _connection = connection;
        StatusCode = status;
        Headers = headers;
        Body = body;
    }

    /// <summary>The connection, for hijacked (101) responses that keep talking both ways.</summary>
    public EngineConnection Connection => _connection;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string? ContentType => Header("Content-Type");

    public async Task<string> ReadStringAsync(CancellationToken ct = default)
    {
        using var reader = new StreamReader(Body, Encoding.UTF8, false, 4096, leaveOpen: true);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    public async Task<JsonDocument> ReadJsonAsync(CancellationToken ct = default)
    {
        var text = await ReadStringAsync(ct).ConfigureAwait(false);
        return JsonDocument.Parse(text.Length == 0 ? "null" : text);
    }

    public void Dispose() => _connection.Dispose();

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
