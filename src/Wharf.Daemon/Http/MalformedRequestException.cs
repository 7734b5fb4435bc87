namespace Wharf.Daemon.Http;

/// <summary>A request that is not valid HTTP/1.1; the connection answers 400 and closes.</summary>
public sealed class MalformedRequestException(string message) : Exception(message);
