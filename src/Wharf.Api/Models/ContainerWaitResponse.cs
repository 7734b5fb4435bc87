namespace Wharf.Api.Models;

/// <summary>Body of POST /containers/{id}/wait.</summary>
public sealed class ContainerWaitResponse
{
    public long StatusCode { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public WaitExitError? Error { get; set; }
}
