using System.Text;

namespace Wharf.Api.Client.Http;

/// <summary>One request to the Engine API: method, versioned path with query, headers, and an optional body.</summary>
public sealed class EngineRequest
{
    public required string Method { get; init; }
    public required string PathAndQuery { get; init; }
    public List<KeyValuePair<string, string>> Headers { get; } = [];
    public byte[]? Body { get; init; }

    /// <summary>A body of unknown length, sent chunked (import, load).</summary>
    public Stream? BodyStream { get; init; }

    public EngineRequest WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public static EngineRequest Json(string method, string path, byte[] json) =>
        new EngineRequest { Method = method, PathAndQuery = path, Body = json }.WithHeader("Content-Type", "application/json");

    public static EngineRequest Text(string method, string path, string text) =>
        new EngineRequest { Method = method, PathAndQuery = path, Body = Encoding.UTF8.GetBytes(text) };
}
