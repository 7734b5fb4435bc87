using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Wharf.Daemon.Http;
using Wharf.Images.Progress;

namespace Wharf.Daemon.Api;

/// <summary>Docker's JSON-lines progress stream (pull, push, load). The image library reports progress from several
/// layer tasks at once through a synchronous callback; this queues the messages and one pump writes them in order.</summary>
public sealed class JsonProgressWriter : IAsyncDisposable
{
    /// <summary>Quotes and HTML characters written as themselves, as Go's encoder with SetEscapeHTML(false) does.</summary>
    private static readonly JsonMessageJson Wire = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    private readonly HttpResponse _response;
    private readonly Channel<JsonMessage> _queue = Channel.CreateUnbounded<JsonMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    private JsonProgressWriter(HttpResponse response)
    {
        _response = response;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Sends the 200 header (application/json, chunked) and starts the pump.</summary>
    public static async Task<JsonProgressWriter> StartAsync(HttpResponse response)
    {
        await response.StartStreamAsync("application/json");
        return new JsonProgressWriter(response);
    }

    /// <summary>The callback handed to ImageService and LocalImageStore; safe from any thread.</summary>
    public void Report(JsonMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>An error after the header went out: Docker's <c>{"errorDetail":{"message":…},"error":…}</c> line.</summary>
    public void Fail(string message) => Report(JsonMessage.Failure(message));

    private async Task PumpAsync()
    {
        bool clientGone = false;
        await foreach (var message in _queue.Reader.ReadAllAsync())
        {
            if (clientGone) continue; // keep draining so the producer never blocks on a dead client
            try { await _response.WriteJsonChunkAsync(message, Wire.JsonMessage, default, "\r\n"); }
            catch (IOException) { clientGone = true; }
        }
        if (!clientGone)
            try { await _response.EndStreamAsync(); } catch (IOException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
    }
}
