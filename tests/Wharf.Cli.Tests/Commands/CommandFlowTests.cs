using System.Text;
using System.Text.Json;
using Wharf.Cli.Tests.Client;
using Wharf.Cli.Tests.Support;

namespace Wharf.Cli.Tests.Commands;

/// <summary>Whole commands run in-process against a fake daemon: the calls they make, in order, and what they print.</summary>
public sealed class CommandFlowTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("wharf-cli-config-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private async Task<(int Code, string Out, string Err)> RunAsync(FakeDaemon daemon, string stdin, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var code = await CliApp.RunAsync(["-H", daemon.Host, "--config", _config, .. args], new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>Attach and wait are both needed before start, not one after the other: this daemon answers the attach
    /// only once the wait has arrived, so a client that waits for the attach before sending the wait fails here.</summary>
    [Fact]
    public async Task Run_sends_attach_and_wait_together_then_start()
    {
        var waitArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            switch (req.Method, req.Path)
            {
                case ("HEAD", "/_ping"):
                    await FakeDaemon.RespondAsync(s, 200, "", "text/plain");
                    break;
                case ("POST", "/v1.47/containers/create"):
                    await FakeDaemon.RespondAsync(s, 201, "{\"Id\":\"c0ffee\",\"Warnings\":[]}");
                    break;
                case ("POST", "/v1.47/containers/c0ffee/attach"):
                    if (!await Completes(waitArrived.Task, TimeSpan.FromSeconds(30)))
                    {
                        await FakeDaemon.RespondAsync(s, 500, "{\"message\":\"the wait did not arrive while the attach was pending\"}");
                        break;
                    }
                    await s.WriteAsync(UpgradedHead);
                    await s.FlushAsync();
                    await started.Task;
                    await s.WriteAsync(EngineClientTests.Frame(1, "hi\n"));
                    break;
                case ("POST", "/v1.47/containers/c0ffee/wait"):
                    waitArrived.TrySetResult();
                    await AnswerWaitOnceStartedAsync(s, started.Task, 0);
                    break;
                case ("POST", "/v1.47/containers/c0ffee/start"):
                    await FakeDaemon.RespondAsync(s, 204);
                    started.TrySetResult();
                    break;
                default:
                    await FakeDaemon.RespondAsync(s, 404, "{\"message\":\"page not found\"}");
                    break;
            }
        });

        var (code, output, error) = await RunAsync(daemon, "", "run", "--rm", "busybox", "echo", "hi");
        Assert.True(code == 0, error);
        Assert.Equal("hi\n", output);
        var calls = daemon.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(calls.IndexOf("POST /v1.47/containers/c0ffee/wait") < calls.IndexOf("POST /v1.47/containers/c0ffee/start"));
        Assert.Equal("condition=removed", daemon.Requests.Single(r => r.Path.EndsWith("/wait")).Query);
    }

    private static readonly byte[] UpgradedHead =
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"u8.ToArray();

    private static readonly byte[] ChunkedJsonHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray();

    /// <summary>A wait's head goes out at once (run starts the container only after it), its status once started.</summary>
    private static async Task AnswerWaitOnceStartedAsync(Stream s, Task started, int status)
    {
        await s.WriteAsync(ChunkedJsonHead);
        await s.FlushAsync();
        await started;
        string json = $"{{\"StatusCode\":{status}}}";
        await s.WriteAsync(Encoding.ASCII.GetBytes($"{json.Length:x}\r\n{json}\r\n0\r\n\r\n"));
    }

    private static async Task<bool> Completes(Task task, TimeSpan within) => await Task.WhenAny(task, Task.Delay(within)) == task;

    [Fact]
    public async Task Run_pulls_a_missing_image_attaches_and_waits_before_start_and_exits_with_the_status()
    {
        var started = new TaskCompletionSource();
        var creates = 0;
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            switch (req.Method, req.Path)
            {
                case ("HEAD", "/_ping"):
                    await FakeDaemon.RespondAsync(s, 200, "", "text/plain");
                    break;
                case ("POST", "/v1.47/containers/create"):
                    if (Interlocked.Increment(ref creates) == 1)
                        await FakeDaemon.RespondAsync(s, 404, "{\"message\":\"No such image: busybox:latest\"}");
                    else
                        await FakeDaemon.RespondAsync(s, 201, "{\"Id\":\"c0ffee\",\"Warnings\":[\"memory limit ignored\"]}");
                    break;
                case ("POST", "/v1.47/images/create"):
                    await FakeDaemon.RespondAsync(s, 200, "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n{\"status\":\"Status: Downloaded newer image for busybox:latest\"}\r\n");
                    break;
                case ("POST", "/v1.47/containers/c0ffee/attach"):
                    await s.WriteAsync(UpgradedHead);
                    await s.FlushAsync();
                    await started.Task;
                    await s.WriteAsync(EngineClientTests.Frame(1, "hello\n"));
                    await s.WriteAsync(EngineClientTests.Frame(2, "oops\n"));
                    break;
                case ("POST", "/v1.47/containers/c0ffee/wait"):
                    await AnswerWaitOnceStartedAsync(s, started.Task, 7);
                    break;
                case ("POST", "/v1.47/containers/c0ffee/start"):
                    await FakeDaemon.RespondAsync(s, 204);
                    started.TrySetResult();
                    break;
                default:
                    await FakeDaemon.RespondAsync(s, 404, "{\"message\":\"page not found\"}");
                    break;
            }
        });

        var (code, output, error) = await RunAsync(daemon, "", "run", "--name", "x1", "-e", "A=1", "busybox", "echo", "hello");
        Assert.Equal(7, code);
        Assert.Equal("hello\n", output);
        Assert.Contains("Unable to find image 'busybox:latest' locally\n", error);
        Assert.Contains("latest: Pulling from library/busybox\n", error);
        Assert.Contains("WARNING: memory limit ignored\n", error);
        Assert.EndsWith("oops\n", error);

        var calls = daemon.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(calls.IndexOf("POST /v1.47/containers/c0ffee/attach") < calls.IndexOf("POST /v1.47/containers/c0ffee/start"));
        Assert.True(calls.IndexOf("POST /v1.47/containers/c0ffee/wait") < calls.IndexOf("POST /v1.47/containers/c0ffee/start"));
        var pull = daemon.Requests.Single(r => r.Path == "/v1.47/images/create");
        Assert.Equal("fromImage=docker.io%2Flibrary%2Fbusybox&tag=latest", pull.Query);
        Assert.True(pull.Headers.ContainsKey("X-Registry-Auth"));
        var wait = daemon.Requests.Single(r => r.Path.EndsWith("/wait"));
        Assert.Equal("condition=next-exit", wait.Query);
        var create = daemon.Requests.Last(r => r.Path == "/v1.47/containers/create");
        Assert.Equal("name=x1", create.Query);
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal("busybox", body.RootElement.GetProperty("Image").GetString());
        Assert.Equal("[\"echo\",\"hello\"]", body.RootElement.GetProperty("Cmd").GetRawText());
        Assert.Equal("[\"A=1\"]", body.RootElement.GetProperty("Env").GetRawText());
        Assert.True(body.RootElement.GetProperty("AttachStdout").GetBoolean());
        Assert.False(body.RootElement.GetProperty("AttachStdin").GetBoolean());
        Assert.Equal("default", body.RootElement.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
    }

    [Fact]
    public async Task Start_failure_of_a_missing_executable_exits_127_with_docker_wording()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            if (req.Path == "/_ping") await FakeDaemon.RespondAsync(s, 200, "", "text/plain");
            else if (req.Path.EndsWith("/create")) await FakeDaemon.RespondAsync(s, 201, "{\"Id\":\"c1\",\"Warnings\":null}");
            else if (req.Path.EndsWith("/start")) await FakeDaemon.RespondAsync(s, 400, "{\"message\":\"exec: \\\"nope\\\": executable file not found in $PATH\"}");
            else if (req.Path.EndsWith("/attach")) await s.WriteAsync("HTTP/1.1 101 UPGRADED\r\n\r\n"u8.ToArray());
            else await FakeDaemon.RespondAsync(s, 200, "{\"StatusCode\":0}");
        });
        var (code, _, error) = await RunAsync(daemon, "", "run", "busybox", "nope");
        Assert.Equal(127, code);
        Assert.StartsWith("wharf: Error response from daemon: exec: \"nope\": executable file not found in $PATH\n\nRun 'wharf run --help'", error);
    }

    [Fact]
    public async Task Ps_renders_the_table_and_passes_filters_as_json()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            if (req.Path == "/_ping") await FakeDaemon.RespondAsync(s, 200, "", "text/plain");
            else await FakeDaemon.RespondAsync(s, 200, """
                [{"Id":"aaaaaaaaaaaabbbbbbbbbbbb","Names":["/one"],"Image":"busybox","Command":"sleep 30","Created":1,"State":"exited","Status":"Exited (0) 2 minutes ago","Ports":[]}]
                """);
        });
        var (code, output, _) = await RunAsync(daemon, "", "ps", "-a", "--filter", "status=exited", "--format", "table {{.ID}}\t{{.Status}}\t{{.Names}}");
        Assert.Equal(0, code);
        Assert.Equal("CONTAINER ID   STATUS                     NAMES\naaaaaaaaaaaa   Exited (0) 2 minutes ago   one\n", output);
        var list = daemon.Requests.Single(r => r.Path == "/v1.47/containers/json");
        Assert.Equal("all=1&filters=" + Uri.EscapeDataString("{\"status\":{\"exited\":true}}"), list.Query);
    }

    [Fact]
    public async Task Inspect_prints_an_indented_array_and_reports_missing_objects()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            if (req.Path == "/_ping") await FakeDaemon.RespondAsync(s, 200, "", "text/plain");
            else if (req.Path == "/v1.47/containers/c1/json") await FakeDaemon.RespondAsync(s, 200, "{\"Id\":\"c1\",\"State\":{\"Running\":true},\"Name\":\"<a&b>\"}");
            else await FakeDaemon.RespondAsync(s, 404, "{\"message\":\"No such object\"}");
        });
        var (code, output, error) = await RunAsync(daemon, "", "inspect", "c1", "ghost");
        Assert.Equal(1, code);
        Assert.Equal("[\n    {\n        \"Id\": \"c1\",\n        \"State\": {\n            \"Running\": true\n        },\n        \"Name\": \"\\u003ca\\u0026b\\u003e\"\n    }\n]\n", output);
        Assert.Equal("Error: No such object: ghost\n", error);
        var calls = daemon.Requests.Select(r => r.Path).ToList();
        Assert.Contains("/v1.47/images/ghost/json", calls); // without --type, images are tried after containers
    }

    [Fact]
    public async Task Login_checks_with_the_daemon_then_stores_credentials_and_logout_removes_them()
    {
        await using var daemon = new FakeDaemon(async (req, s) =>
        {
            if (req.Path == "/_ping") await FakeDaemon.RespondAsync(s, 200, "", "text/plain");
            else await FakeDaemon.RespondAsync(s, 200, "{\"Status\":\"Login Succeeded\"}");
        });
        var (code, output, _) = await RunAsync(daemon, "s3cret\n", "login", "-u", "me", "--password-stdin", "localhost:5000");
        Assert.Equal(0, code);
        Assert.Equal("Login Succeeded\n", output);
        using var sent = JsonDocument.Parse(daemon.Requests.Single(r => r.Path == "/v1.47/auth").Body);
        Assert.Equal("me", sent.RootElement.GetProperty("username").GetString());
        Assert.Equal("localhost:5000", sent.RootElement.GetProperty("serveraddress").GetString());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_config, "config.json")));
        Assert.Equal(Convert.ToBase64String("me:s3cret"u8.ToArray()), config.RootElement.GetProperty("auths").GetProperty("localhost:5000").GetProperty("auth").GetString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_config, "config.json")));

        var (_, logout, _) = await RunAsync(daemon, "", "logout", "localhost:5000");
        Assert.Equal("Removing login credentials for localhost:5000\n", logout);
        var (_, again, _) = await RunAsync(daemon, "", "logout", "localhost:5000");
        Assert.Equal("Not logged in to localhost:5000\n", again);
    }

    [Fact]
    public async Task Global_flag_and_argument_errors_use_docker_exit_codes()
    {
        await using var daemon = new FakeDaemon((_, s) => FakeDaemon.RespondAsync(s, 200, "", "text/plain"));
        Assert.Equal(125, (await RunAsync(daemon, "", "ps", "--nope")).Code);
        var (code, _, error) = await RunAsync(daemon, "", "rm");
        Assert.Equal(1, code);
        Assert.StartsWith("wharf: 'wharf rm' requires at least 1 argument", error);
        Assert.Equal(1, (await RunAsync(daemon, "", "frobnicate")).Code);
        var (badTemplate, _, templateError) = await RunAsync(daemon, "", "ps", "--format", "{{.Nope");
        Assert.Equal(1, badTemplate);
        Assert.StartsWith("failed to parse template: template: :1: unclosed action", templateError);
        Assert.DoesNotContain(daemon.Requests, r => r.Path.Contains("/containers/json")); // the template is checked first
    }
}
