using System.Buffers.Binary;
using System.Text;
using Wharf.Api.Client;
using Wharf.Api.Client.Streams;
using Wharf.Cli.Tests.Support;

namespace Wharf.Cli.Tests.Client;

public sealed class EngineClientTests
{
    [Fact]
    public async Task Negotiates_down_to_the_daemon_version_with_head_ping_on_the_unversioned_path()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            if (req.Path == "/_ping") await FakeDaemon.RespondAsync(s, 200, "", "text/plain", "Ostype: linux", "Docker-Experimental: true");
            else await FakeDaemon.RespondAsync(s, 200, """{"Version":"x"}""");
        });
        var client = new EngineClient(EngineEndpoint.Parse(daemon.Host));
        var ping = await client.NegotiateAsync();
        Assert.Equal("1.47", client.ApiVersion);
        Assert.True(ping.Experimental);
        Assert.Equal("linux", ping.OsType);
        using var v = await client.VersionAsync();
        Assert.Equal("HEAD", daemon.Requests[0].Method);
        Assert.Equal("/_ping", daemon.Requests[0].Target);
        Assert.Equal("/v1.47/version", daemon.Requests[1].Target);
        Assert.Equal("api.moby.localhost", daemon.Requests[1].Headers["Host"]);
    }

    [Fact]
    public async Task Falls_back_to_get_ping_and_respects_a_pinned_version()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            if (req.Method == "HEAD") await FakeDaemon.RespondAsync(s, 404, "");
            else await FakeDaemon.RespondAsync(s, 200, "OK", "text/plain");
        });
        var client = new EngineClient(EngineEndpoint.Parse(daemon.Host), "1.44");
        await client.NegotiateAsync();
        Assert.Equal("1.44", client.ApiVersion);
        Assert.Equal(["HEAD", "GET"], daemon.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Error_bodies_are_read_as_docker_does()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            switch (req.Path)
            {
                case "/v1.51/containers/a/json": await FakeDaemon.RespondAsync(s, 404, "{\"message\":\"No such container: a\"}\n"); break;
                case "/v1.51/containers/b/json": await FakeDaemon.RespondAsync(s, 409, "{\"message\":\"x\"}", "application/json; charset=utf-8"); break;
                default: await FakeDaemon.RespondAsync(s, 500, "", "text/plain"); break;
            }
        });
        var client = new EngineClient(EngineEndpoint.Parse(daemon.Host), "1.51");
        var a = await Assert.ThrowsAsync<EngineApiException>(() => client.InspectContainerAsync("a"));
        Assert.Equal("No such container: a", a.Message);
        Assert.True(a.IsNotFound);
        var b = await Assert.ThrowsAsync<EngineApiException>(() => client.InspectContainerAsync("b"));
        Assert.Equal("{\"message\":\"x\"}", b.Message); // a charset makes the Go client show the raw body
        var c = await Assert.ThrowsAsync<EngineApiException>(() => client.InspectContainerAsync("c"));
        Assert.StartsWith("request returned Internal Server Error for API route and version", c.Message);
    }

    [Fact]
    public async Task Decodes_chunked_bodies_as_they_stream()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
            foreach (var part in new[] { "{\"status\":\"a\"}\r\n", "{\"status\":", "\"b\"}\r\n" })
            {
                await s.WriteAsync(Encoding.ASCII.GetBytes($"{Encoding.UTF8.GetByteCount(part):x}\r\n{part}\r\n"));
                await s.FlushAsync();
                await Task.Delay(5);
            }
            await s.WriteAsync("0\r\n\r\n"u8.ToArray());
        });
        var client = new EngineClient(EngineEndpoint.Parse(daemon.Host), "1.51");
        await using var response = await client.PullImageAsync("docker.io/library/busybox", "latest", null, null);
        var statuses = new List<string>();
        await foreach (var doc in new JsonLineReader(response.Body).ReadAllAsync())
            using (doc) statuses.Add(doc.RootElement.GetProperty("status").GetString()!);
        Assert.Equal(["a", "b"], statuses);
        Assert.Equal("/v1.51/images/create?fromImage=docker.io%2Flibrary%2Fbusybox&tag=latest", daemon.Requests[0].Target);
    }

    [Fact]
    public async Task Hijack_keeps_bytes_sent_with_the_head_and_half_closes_stdin()
    {
        var sawEof = new TaskCompletionSource<string>();
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            // the 101 head and the first frame arrive in one write: the client must not lose the frame
            var frame = Frame(1, "early\n");
            await s.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n").Concat(frame).ToArray());
            var received = new MemoryStream();
            await s.CopyToAsync(received); // ends only when the client shuts down its sending side
            var input = Encoding.UTF8.GetString(received.ToArray());
            sawEof.SetResult(input);
            await s.WriteAsync(Frame(2, "err:" + input));
            await s.WriteAsync(Frame(1, "late\n"));
        });
        var client = new EngineClient(EngineEndpoint.Parse(daemon.Host), "1.51");
        await using var stream = await client.AttachAsync("c1", true, true, true, null);
        await stream.WriteAsync("hello"u8.ToArray());
        await stream.CloseWriteAsync();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await StdCopyDemuxer.CopyAsync(stream.Output, stdout, stderr);
        Assert.Equal("hello", await sawEof.Task);
        Assert.Equal("early\nlate\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err:hello", Encoding.UTF8.GetString(stderr.ToArray()));
        var req = daemon.Requests[0];
        Assert.Equal("/v1.51/containers/c1/attach?stream=1&stdin=1&stdout=1&stderr=1", req.Target);
        Assert.Equal("Upgrade", req.Headers["Connection"]);
        Assert.Equal("tcp", req.Headers["Upgrade"]);
    }

    [Fact]
    public async Task Wait_returns_once_headers_arrive_and_the_body_later()
    {
        var release = new TaskCompletionSource();
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
            await s.FlushAsync();
            await release.Task;
            var body = "{\"StatusCode\":3}\n";
            await s.WriteAsync(Encoding.ASCII.GetBytes($"{body.Length:x}\r\n{body}\r\n0\r\n\r\n"));
        });
        var client = new EngineClient(EngineEndpoint.Parse(daemon.Host), "1.51");
        var wait = await client.WaitContainerAsync("c1", "next-exit");
        Assert.False(wait.IsCompleted);
        release.SetResult();
        Assert.Equal(3, (await wait).StatusCode);
    }

    [Fact]
    public async Task Connection_failures_name_the_host()
    {
        var client = new EngineClient(EngineEndpoint.Parse("unix:///nonexistent/wharf.sock"), "1.51");
        var e = await Assert.ThrowsAsync<EngineConnectionException>(() => client.VersionAsync());
        Assert.Equal("Cannot connect to the Docker daemon at unix:///nonexistent/wharf.sock. Is the docker daemon running?", e.Message);
    }

    [Theory]
    [InlineData("unix:///run/x.sock", "/run/x.sock", null, 0)]
    [InlineData("tcp://10.0.0.1:2375", null, "10.0.0.1", 2375)]
    [InlineData("tcp://example.com", null, "example.com", 2375)]
    [InlineData("tcp://[::1]:9999", null, "::1", 9999)]
    [InlineData("10.1.1.1:1234", null, "10.1.1.1", 1234)]
    public void Parses_docker_host_strings(string host, string? unix, string? tcpHost, int port)
    {
        var e = EngineEndpoint.Parse(host);
        Assert.Equal(unix, e.UnixPath);
        Assert.Equal(tcpHost, e.TcpHost);
        Assert.Equal(port, e.TcpPort);
    }

    [Fact]
    public void Tls_changes_the_default_port_and_bad_schemes_are_refused()
    {
        Assert.Equal(2376, EngineEndpoint.Parse("tcp://h", new TlsSettings()).TcpPort);
        Assert.Throws<FormatException>(() => EngineEndpoint.Parse("ssh://user@host"));
        Assert.Throws<FormatException>(() => EngineEndpoint.Parse("tcp://h:notaport"));
    }

    internal static byte[] Frame(byte type, string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        var frame = new byte[8 + data.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)data.Length);
        data.CopyTo(frame, 8);
        return frame;
    }
}
