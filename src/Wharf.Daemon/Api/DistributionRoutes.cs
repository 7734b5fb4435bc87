using Wharf.Api.Models;
using Wharf.Daemon.Http;
using Wharf.Distribution;
using Wharf.Distribution.Client;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;
using Wharf.Images.References;

namespace Wharf.Daemon.Api;

/// <summary>Pull, push and login over ImageService; maps its sibling routes (archives, container files, usage) too,
/// so the daemon registers the whole image-distribution surface with one line.</summary>
public sealed class DistributionRoutes(ContainerService engine, ImageService images)
{
    public void Map(Router r)
    {
        r.Map("POST", "/images/{*name}/push", PushAsync);
        r.Map("POST", "/auth", LoginAsync);
        new ImageArchiveRoutes(engine, images.Store).Map(r);
        new ContainerFilesRoutes(engine, images.Store).Map(r);
        new ImageUsageRoutes(engine, images.Store).Map(r);
    }

    /// <summary><c>POST /images/create?fromImage=…</c>, called by ImageRoutes: JSON-lines progress, errors mid-stream.</summary>
    public async Task PullAsync(HttpRequest q, HttpResponse s)
    {
        string image = q.Query["fromImage"] ?? throw EngineException.Invalid("fromImage or fromSrc is required");
        string tag = q.Query["tag"] ?? "";
        // The CLI sends a digest as tag=sha256:…; a tag inside fromImage wins over an empty tag parameter.
        string reference = tag.Length == 0 ? image : tag.Contains(':') ? image + "@" + tag : image + ":" + tag;
        Validate(reference);
        var auth = RegistryAuthHeader.FromHeader(q);
        string? platform = string.IsNullOrEmpty(q.Query["platform"]) ? null : q.Query["platform"];
        await StreamProgressAsync(q, s, async (report, ct) =>
        {
            await images.PullAsync(reference, platform, auth, report, ct);
            string familiar = ImageReference.Parse(reference).Familiar;
            engine.Events.Publish("image", "pull", familiar, new() { ["name"] = familiar });
        }, e => PullError(e, reference));
    }

    /// <summary>Runs a pull or push behind Docker's JSON-lines progress stream. Every failure after the header,
    /// a timeout too, becomes the stream's error line (a stream that just ends reads as success to the docker CLI);
    /// a client that hangs up (Ctrl-C) cancels the work, as with dockerd.</summary>
    private static async Task StreamProgressAsync(HttpRequest q, HttpResponse s,
        Func<Action<Wharf.Images.Progress.JsonMessage>, CancellationToken, Task> work, Func<Exception, string> describe)
    {
        using var gone = ClientGone.Watch(q, s);
        await using var progress = await JsonProgressWriter.StartAsync(s);
        try { await work(progress.Report, gone.Token); }
        catch (OperationCanceledException) when (gone.Token.IsCancellationRequested) { }
        catch (Exception e) { progress.Fail(describe(e)); }
    }

    /// <summary>A bad name is a 400 before any stream starts, with the parser's reason (e.g. "must be lowercase").</summary>
    private static void Validate(string reference)
    {
        try { ImageReference.ParseNoDefaultTag(reference); }
        catch (ReferenceFormatException e) { throw EngineException.Invalid(e.Message); }
    }

    /// <summary>Docker's wording for a registry that does not know the repository or refuses us.</summary>
    private static string PullError(Exception e, string reference) => e switch
    {
        RegistryException { IsNotFound: true } or RegistryException { IsUnauthorized: true } =>
            $"pull access denied for {ImageReference.ParseNoDefaultTag(reference).FamiliarRepository}, repository does not exist or may require 'docker login': {e.Message}",
        _ => e.Message,
    };

    private async Task PushAsync(HttpRequest q, HttpResponse s)
    {
        string name = q.Route("name");
        string reference = string.IsNullOrEmpty(q.Query["tag"]) ? name : name + ":" + q.Query["tag"];
        Validate(reference);
        if (engine.Images.Resolve(reference) is null && !string.IsNullOrEmpty(q.Query["tag"]))
            throw EngineException.NoSuchImage(ImageReference.Parse(reference).Familiar);
        var auth = RegistryAuthHeader.FromHeader(q);
        await StreamProgressAsync(q, s, async (report, ct) =>
        {
            await images.PushAsync(reference, auth, report, ct);
            engine.Events.Publish("image", "push", ImageReference.ParseNoDefaultTag(reference).Familiar, new() { ["name"] = ImageReference.ParseNoDefaultTag(reference).Familiar });
        }, e => e is Wharf.Images.Store.ImageNotFoundException ? $"An image does not exist locally with the tag: {ImageReference.ParseNoDefaultTag(name).FamiliarRepository}" : e.Message);
    }

    /// <summary><c>POST /auth</c>: 200 "Login Succeeded", or 401 with the registry's reason.</summary>
    private async Task LoginAsync(HttpRequest q, HttpResponse s)
    {
        var auth = await RegistryAuthHeader.FromBodyAsync(q);
        string status;
        try { status = await images.LoginAsync(auth, CancellationToken.None); }
        catch (RegistryException e) when (e.IsUnauthorized)
        {
            // ErrorKind has no 401 class; Docker answers a failed login with 401 and the registry's reason.
            await s.WriteJsonAsync(401, new ErrorResponse { Message = $"login to {auth.ServerAddress} failed: unauthorized: {e.Message}" }, ApiJson.Wire.ErrorResponse);
            return;
        }
        catch (RegistryException e) { throw new EngineException(ErrorKind.Unavailable, e.Message); }
        await s.WriteJsonAsync(200, new AuthResponse { Status = status, IdentityToken = "" }, DistributionJson.Wire.AuthResponse);
    }
}
