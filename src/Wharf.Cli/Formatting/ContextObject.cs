using System.Text.Json;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Formatting;

/// <summary>
/// Base for docker's per-command format contexts: a fixed list of named fields computed on demand, so
/// <c>{{.ID}}</c> and <c>{{json .}}</c> see the same values.
/// </summary>
public abstract class ContextObject : ITemplateObject
{
    protected abstract IReadOnlyList<string> FieldNames { get; }

    protected abstract object? Field(string name);

    public bool TryGetField(string name, out object? value)
    {
        if (!FieldNames.Contains(name))
        {
            value = null;
            return false;
        }
        value = Field(name);
        return true;
    }

    public virtual bool TryCall(string name, IReadOnlyList<object?> args, out object? value)
    {
        value = null;
        return false;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var name in FieldNames.Order(StringComparer.Ordinal))
        {
            writer.WritePropertyName(name);
            GoValues.WriteJson(writer, Field(name));
        }
        writer.WriteEndObject();
    }
}
