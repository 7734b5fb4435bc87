using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Wharf.Distribution.Server.Http;

/// <summary>Writes the spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
public static class ErrorResponse
{
    public static async Task WriteAsync(HttpContext ctx, RegistryException error)
    {
        var response = ctx.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("errors");
            json.WriteStartObject();
            json.WriteString("code", error.Code);
            json.WriteString("message", error.Message);
            if (error.Detail is not null) json.WriteString("detail", error.Detail);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
