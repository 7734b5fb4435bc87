using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>Docker's status codes and <c>{"message":…}</c> bodies for bad requests, and nothing stored is lost.</summary>
public sealed class BadInputTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private WharfDaemon D => fixture.Daemon;

    private UnixHttp.Response Call(string method, string path, string? body = null) => UnixHttp.Send(D.Socket, method, path, body);

    private static void AssertError(UnixHttp.Response r, int status, string message)
    {
        Assert.Equal(status, r.Status);
        Assert.Equal("application/json", r.Headers["Content-Type"]);
        Assert.Equal($"{{\"message\":\"{message}\"}}\n", r.Body);
    }

    [SkippableFact]
    public void MalformedJsonIsBadRequest()
    {
        var r = Call("POST", "/v1.47/containers/create", "{\"Image\": busybox");
        Assert.Equal(400, r.Status);
        Assert.Equal("application/json", r.Headers["Content-Type"]);
        Assert.StartsWith("{\"message\":", r.Body);
    }

    [SkippableFact]
    public void UnknownContainerIsNotFound() =>
        AssertError(Call("GET", "/v1.47/containers/nope-x/json"), 404, "No such container: nope-x");

    [SkippableFact]
    public void UnknownRouteAndMethodArePageNotFound()
    {
        AssertError(Call("GET", "/v1.47/no/such/route"), 404, "page not found");
        AssertError(Call("PUT", "/v1.47/containers/json"), 404, "page not found");
    }

    [SkippableFact]
    public void VersionsOutsideTheRangeAreRefused()
    {
        AssertError(Call("GET", "/v1.12/version"), 400, "client version 1.12 is too old. Minimum supported API version is 1.40, please upgrade your client to a newer version");
        AssertError(Call("GET", "/v1.99/version"), 400, "client version 1.99 is too new. Maximum supported API version is 1.47");
        Assert.Equal(200, Call("GET", "/v1.40/version").Status);
        Assert.Equal(200, Call("GET", "/version").Status);
    }

    [SkippableFact]
    public void PingCarriesDockersHeaders()
    {
        var r = Call("HEAD", "/_ping");
        Assert.Equal(200, r.Status);
        Assert.Equal("1.47", r.Headers["Api-Version"]);
        Assert.Equal("linux", r.Headers["Ostype"]);
        Assert.Equal("inactive", r.Headers["Swarm"]);
        Assert.StartsWith("Docker/", r.Headers["Server"]);
    }

    [SkippableFact]
    public void NameConflictIsConflictAndKeepsTheFirst()
    {
        var first = D.Docker("create", "--name", "taken", "busybox", "true");
        Assert.Equal(0, first.ExitCode);
        try
        {
            var r = Call("POST", "/v1.47/containers/create?name=taken", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
            Assert.Equal(409, r.Status);
            Assert.Contains("The container name \\\"/taken\\\" is already in use", r.Body);
            Assert.Equal(first.Stdout.Trim(), D.Docker("inspect", "-f", "{{.Id}}", "taken").Stdout.Trim());
        }
        finally { D.Docker("rm", "taken"); }
    }

    [SkippableFact]
    public void RemovingARunningContainerWithoutForceIsConflict()
    {
        var id = D.Docker("run", "-d", "busybox", "sleep", "300").Stdout.Trim();
        try
        {
            var r = Call("DELETE", $"/v1.47/containers/{id}");
            Assert.Equal(409, r.Status);
            Assert.Contains("container is running: stop the container before removing or force remove", r.Body);
            Assert.Equal("true", D.Docker("inspect", "-f", "{{.State.Running}}", id).Stdout.Trim());
        }
        finally { D.Docker("rm", "-f", id); }
    }

    [SkippableFact]
    public void InvalidRestartPolicyMemoryAndRuntimeAreBadRequests()
    {
        AssertError(Call("POST", "/v1.47/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}"),
            400, "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        AssertError(Call("POST", "/v1.47/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":1048576}}"),
            400, "Minimum memory limit allowed is 6MB");
        AssertError(Call("POST", "/v1.47/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Runtime\":\"warp-drive\"}}"),
            400, "unknown or invalid runtime name: warp-drive");
        var cli = D.Docker("run", "--rm", "--restart", "always", "busybox", "true");
        Assert.NotEqual(0, cli.ExitCode);
    }

    [SkippableFact]
    public void MissingImageIsNotFoundWithTheFamiliarName() =>
        AssertError(Call("POST", "/v1.47/containers/create", "{\"Image\":\"docker.io/library/ghost:latest\"}"), 404, "No such image: ghost:latest");
}
