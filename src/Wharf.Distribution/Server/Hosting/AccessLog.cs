using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Wharf.Distribution.Server.Http;

namespace Wharf.Distribution.Server.Hosting;

/// <summary>
/// Structured access log: one JSON object per request (time, remote, method, path, status, bytes,
/// duration, user). Lines go through a channel to one writer task, so requests never wait on the log's I/O.
/// </summary>
public sealed class AccessLog : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(16384) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly TextWriter _output;
    private readonly Task _writer;

    public AccessLog(TextWriter output)
    {
        _output = output;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task Middleware(HttpContext ctx, RequestDelegate next)
    {
        long started = Stopwatch.GetTimestamp();
        try { await next(ctx); }
        finally { Record(ctx, Stopwatch.GetElapsedTime(started)); }
    }

    private void Record(HttpContext ctx, TimeSpan elapsed)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow.ToString("O"));
            json.WriteString("remote", ctx.Connection.RemoteIpAddress?.ToString());
            json.WriteString("method", ctx.Request.Method);
            json.WriteString("path", ctx.Request.Path.Value + ctx.Request.QueryString.Value);
            json.WriteNumber("status", ctx.Response.StatusCode);
            if (ctx.Response.ContentLength is long bytes) json.WriteNumber("bytes", bytes);
            if (ctx.Request.ContentLength is long received) json.WriteNumber("received", received);
            json.WriteNumber("duration_ms", Math.Round(elapsed.TotalMilliseconds, 3));
            if (ctx.Items.TryGetValue(RegistryRequestHandler.SubjectItem, out var user) && user is string u) json.WriteString("user", u);
            if (ctx.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent) json.WriteString("agent", agent);
            json.WriteEndObject();
        }
        _lines.Writer.TryWrite(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var line)) await _output.WriteLineAsync(line);
            await _output.FlushAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer;
    }
}
