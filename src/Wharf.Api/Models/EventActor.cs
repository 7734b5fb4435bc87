namespace Wharf.Api.Models;

/// <summary>The object an event is about.</summary>
public sealed class EventActor
{
    public string ID { get; set; } = "";
    public Dictionary<string, string> Attributes { get; set; } = [];
}
