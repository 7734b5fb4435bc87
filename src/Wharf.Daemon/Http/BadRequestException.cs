namespace Wharf.Daemon.Http;

/// <summary>A request the daemon cannot serve as asked: 400 with this message.</summary>
public sealed class BadRequestException(string message) : Exception(message);
