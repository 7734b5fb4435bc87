using System.Text.Json;
using System.Text.RegularExpressions;
using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Engine.Errors;

namespace Wharf.Daemon.Api;

/// <summary>The Engine API front door: strips and checks the <c>/v1.N</c> prefix, adds Docker's headers to every
/// response, routes, and turns failures into Docker's <c>{"message":…}</c> errors.</summary>
public sealed partial class ApiHost(Router router, Action<string> log)
{
    [GeneratedRegex(@"^/v([0-9]+\.[0-9]+)(/.*)$")]
    private static partial Regex VersionPrefix();

    public async Task HandleAsync(HttpRequest request, HttpResponse response)
    {
        response.Headers.Add(new("Api-Version", ApiVersions.Text(ApiVersions.Max)));
        response.Headers.Add(new("Docker-Experimental", "false"));
        response.Headers.Add(new("Ostype", "linux"));
        response.Headers.Add(new("Server", $"Docker/{ApiVersions.EngineVersion} (linux)"));
        try
        {
            string path = request.Path;
            var m = VersionPrefix().Match(path);
            if (m.Success)
            {
                var v = Version.Parse(m.Groups[1].Value);
                path = m.Groups[2].Value;
                if (v < ApiVersions.Min)
                    throw new BadRequestException($"client version {m.Groups[1].Value} is too old. Minimum supported API version is {ApiVersions.Text(ApiVersions.Min)}, please upgrade your client to a newer version");
                if (v > ApiVersions.Max)
                    throw new BadRequestException($"client version {m.Groups[1].Value} is too new. Maximum supported API version is {ApiVersions.Text(ApiVersions.Max)}");
                request.ApiVersion = v;
            }
            if (request.Method == "OPTIONS") { await response.WriteAsync(200, "text/plain; charset=utf-8", default); return; }
            var handler = router.Find(request.Method, path, request.RouteValues);
            if (handler is null) { await ErrorAsync(response, 404, "page not found"); return; }
            await handler(request, response);
        }
        catch (Exception e) when (e is not (IOException or OperationCanceledException) || !response.HeadersSent)
        {
            var (status, message) = Classify(e);
            if (status >= 500) log($"{request.Method} {request.Path}: {e}");
            if (!response.HeadersSent) await ErrorAsync(response, status, message);
            else response.KeepAlive = false; // the status is gone; end the connection so the client sees the stream end
        }
    }

    private static (int, string) Classify(Exception e) => e switch
    {
        EngineException ee => (ee.Kind switch
        {
            ErrorKind.InvalidParameter => 400, ErrorKind.NotFound => 404, ErrorKind.Conflict => 409,
            ErrorKind.NotModified => 304, ErrorKind.Forbidden => 403, ErrorKind.NotImplemented => 501,
            ErrorKind.Unavailable => 503, _ => 500,
        }, ee.Message),
        BadRequestException => (400, e.Message),
        JsonException je => (400, $"invalid JSON: {je.Message}"),
        MalformedRequestException => (400, e.Message),
        _ => (500, e.Message),
    };

    public static Task ErrorAsync(HttpResponse response, int status, string message)
    {
        if (status == 304) return response.NoContentAsync(304);
        return response.WriteJsonAsync(status, new ErrorResponse { Message = message }, ApiJson.Wire.ErrorResponse);
    }
}
