namespace Wharf.Api.Models;

/// <summary>POST /containers/prune.</summary>
public sealed class ContainerPruneResponse
{
    public List<string> ContainersDeleted { get; set; } = [];
    public long SpaceReclaimed { get; set; }
}
