using Wharf.Api.Client;
using Wharf.Api.Models;
using Wharf.Cli.Commands;
using Wharf.Cli.Images;

namespace Wharf.Cli.Containers;

/// <summary>
/// POST /containers/create the way docker run/create do: pull first with --pull=always; on "No such image"
/// print "Unable to find image 'x:latest' locally", pull, and try again; show warnings; honour --cidfile.
/// </summary>
public static class ContainerCreator
{
    public static async Task<string> CreateAsync(CliSession session, EngineClient client, ContainerCreateRequest request,
        string? name, string? platform, string pull, bool quiet, string? cidFile)
    {
        if (cidFile != null && File.Exists(cidFile))
            throw new CliStatusException(125, $"{CliSession.ProgramName}: container ID file found, make sure the other container isn't running or delete {cidFile}");
        var reference = ImageReference.Parse(request.Image).WithDefaultTag();
        var progress = quiet ? TextWriter.Null : session.Err;
        if (pull == "always") await PullAsync(session, client, reference, platform, progress, quiet);

        string id;
        string[] warnings;
        try
        {
            (id, warnings) = await client.CreateContainerAsync(request, name, platform);
        }
        catch (EngineApiException e) when (e.IsNotFound && pull != "never" && e.Message.Contains("image", StringComparison.OrdinalIgnoreCase))
        {
            await session.Err.WriteLineAsync($"Unable to find image '{reference.FamiliarString}' locally");
            await PullAsync(session, client, reference, platform, progress, quiet);
            (id, warnings) = await client.CreateContainerAsync(request, name, platform);
        }
        foreach (var w in warnings) await session.Err.WriteLineAsync("WARNING: " + w);
        if (cidFile != null) await File.WriteAllTextAsync(cidFile, id);
        return id;
    }

    // docker pull exits 1 when the pull fails; run and create report every failure as 125.
    private static async Task PullAsync(CliSession session, EngineClient client, ImageReference reference, string? platform, TextWriter progress, bool quiet)
    {
        try { await ImagePuller.PullAsync(session, client, reference, platform, progress, quiet); }
        catch (CliStatusException e) when (e.Status != 125) { throw new CliStatusException(125, e.Message); }
    }
}
