namespace Wharf.Cli.Templates;

/// <summary>A template that does not parse or fails while executing; messages follow Go's "template: :line: …" shape.</summary>
public sealed class TemplateException(string message) : Exception(message);
