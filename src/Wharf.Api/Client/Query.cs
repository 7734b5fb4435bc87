using System.Text;

namespace Wharf.Api.Client;

/// <summary>Builds a URL query string with proper escaping; empty values are left out unless asked for.</summary>
public sealed class Query
{
    private readonly StringBuilder _text = new();

    public Query Add(string name, string? value)
    {
        if (value == null) return this;
        _text.Append(_text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public Query AddIf(bool condition, string name, string value = "1") => condition ? Add(name, value) : this;

    public Query AddNonEmpty(string name, string? value) => string.IsNullOrEmpty(value) ? this : Add(name, value);

    public override string ToString() => _text.ToString();

    public static implicit operator string(Query q) => q.ToString();
}
