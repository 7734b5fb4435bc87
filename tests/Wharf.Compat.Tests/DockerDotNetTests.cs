using Docker.DotNet;
using Docker.DotNet.Models;
using Wharf.TestSupport;

namespace Wharf.Compat.Tests;

/// <summary>A second, independent client (Docker.DotNet) drives create, start, logs, exec and remove.</summary>
public sealed class DockerDotNetTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    [SkippableFact]
    public async Task CreateStartLogsExecRemove()
    {
        var d = fixture.Daemon;
        using var client = new DockerClientConfiguration(new Uri(d.DockerHost)).CreateClient();
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "busybox", Name = "dotnet-client", Cmd = ["sh", "-c", "echo from-dotnet; sleep 300"],
        });
        try
        {
            Assert.True(await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters()));
            await Task.Delay(300);
            using (var logs = await client.Containers.GetContainerLogsAsync(created.ID, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }))
            {
                var (stdout, _) = await logs.ReadOutputToEndAsync(CancellationToken.None);
                Assert.Equal("from-dotnet\n", stdout);
            }
            var exec = await client.Exec.ExecCreateContainerAsync(created.ID, new ContainerExecCreateParameters
            {
                Cmd = ["sh", "-c", "echo in-exec; exit 9"], AttachStdout = true, AttachStderr = true,
            });
            using (var stream = await client.Exec.StartAndAttachContainerExecAsync(exec.ID, false))
            {
                var (stdout, _) = await stream.ReadOutputToEndAsync(CancellationToken.None);
                Assert.Equal("in-exec\n", stdout);
            }
            var inspect = await client.Exec.InspectContainerExecAsync(exec.ID);
            Assert.Equal(9, inspect.ExitCode);
            var list = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
            Assert.Contains(list, c => c.ID == created.ID && c.State == "running");
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.Containers.InspectContainerAsync(created.ID));
    }
}
