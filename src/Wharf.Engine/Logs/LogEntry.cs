namespace Wharf.Engine.Logs;

/// <summary>One json-file log record.</summary>
public readonly record struct LogEntry(string Stream, string Text, DateTime Time);
