using Wharf.Api.Models;
using Wharf.Engine.Containers;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Tests;

/// <summary>Create-time validation gives Docker's messages.</summary>
public sealed class HostConfigValidationTests
{
    private static string Reject(HostConfig hc) =>
        Assert.Throws<EngineException>(() => ContainerService.ValidateHostConfig(hc)).Message;

    [Fact]
    public void RestartPolicies()
    {
        Assert.Equal("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
            Reject(new HostConfig { RestartPolicy = new RestartPolicy { Name = "sometimes" } }));
        Assert.Equal("invalid restart policy: maximum retry count can only be used with 'on-failure'",
            Reject(new HostConfig { RestartPolicy = new RestartPolicy { Name = "always", MaximumRetryCount = 3 } }));
        Assert.Equal("can't create 'AutoRemove' container with restart policy",
            Reject(new HostConfig { AutoRemove = true, RestartPolicy = new RestartPolicy { Name = "always" } }));
        ContainerService.ValidateHostConfig(new HostConfig { RestartPolicy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 3 } });
    }

    [Fact]
    public void MemoryMinimumIsSixMegabytes()
    {
        Assert.Equal("Minimum memory limit allowed is 6MB", Reject(new HostConfig { Memory = 6 * 1024 * 1024 - 1 }));
        ContainerService.ValidateHostConfig(new HostConfig { Memory = 6 * 1024 * 1024 });
    }
}
