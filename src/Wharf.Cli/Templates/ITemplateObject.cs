using System.Text.Json;

namespace Wharf.Cli.Templates;

/// <summary>
/// A value with named fields and methods for templates, such as the per-command contexts docker exposes
/// (<c>.ID</c>, <c>.Status</c>, <c>.Label "k"</c>). Plain JSON (JsonElement) needs no wrapper.
/// </summary>
public interface ITemplateObject
{
    bool TryGetField(string name, out object? value);

    /// <summary>A method taking arguments, e.g. <c>.Label "com.example"</c>.</summary>
    bool TryCall(string name, IReadOnlyList<object?> args, out object? value);

    /// <summary>What <c>{{json .}}</c> prints.</summary>
    void WriteJson(Utf8JsonWriter writer);
}
