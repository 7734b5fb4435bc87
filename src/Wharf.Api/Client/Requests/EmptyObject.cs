namespace Wharf.Api.Client.Requests;

/// <summary>Go's <c>struct{}</c>: serialises as <c>{}</c> (ExposedPorts, Volumes map values).</summary>
public sealed class EmptyObject;
