namespace Wharf.Api.Models;

/// <summary>The <c>{}</c> used as a set member (ExposedPorts, Volumes).</summary>
public sealed class EmptyObject { }
