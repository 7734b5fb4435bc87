namespace Wharf.Engine.Errors;

/// <summary>An engine failure with Docker's class and message (e.g. NotFound "No such container: x").</summary>
public sealed class EngineException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorKind Kind { get; } = kind;

    public static EngineException NoSuchContainer(string name) => new(ErrorKind.NotFound, $"No such container: {name}");
    public static EngineException NoSuchImage(string name) => new(ErrorKind.NotFound, $"No such image: {name}");
    public static EngineException NoSuchExec(string id) => new(ErrorKind.NotFound, $"No such exec instance: {id}");
    public static EngineException Invalid(string message) => new(ErrorKind.InvalidParameter, message);
    public static EngineException Conflict(string message) => new(ErrorKind.Conflict, message);
}
