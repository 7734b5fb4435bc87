namespace Wharf.Distribution.Server.Auth;

/// <summary>One permission a request needs, in the token scope grammar: <c>repository:library/busybox:pull</c>.</summary>
public readonly record struct AccessRequest(string Type, string Name, string Action)
{
    public const string Pull = "pull", Push = "push", Delete = "delete";

    public static AccessRequest Repository(string name, string action) => new("repository", name, action);
    public static AccessRequest Catalog => new("registry", "catalog", "*");

    public override string ToString() => $"{Type}:{Name}:{Action}";
}

/// <summary>What an authenticated (or anonymous) client may do.</summary>
public sealed class AccessGrant(string? subject, Func<AccessRequest, bool> allows)
{
    public string? Subject { get; } = subject;
    public bool Allows(AccessRequest request) => allows(request);

    public static AccessGrant Everything(string? subject) => new(subject, _ => true);
}

/// <summary>
/// Decides whether a request may proceed. Throws a 401 <see cref="Http.RegistryException"/> after
/// setting <c>WWW-Authenticate</c> when credentials are missing or wrong, and a 403 when they are valid but lack a scope.
/// </summary>
public interface IAccessController
{
    ValueTask<AccessGrant> AuthorizeAsync(Microsoft.AspNetCore.Http.HttpContext ctx, IReadOnlyList<AccessRequest> needed);
}

/// <summary>No authentication: every client may do everything.</summary>
public sealed class OpenAccess : IAccessController
{
    private static readonly AccessGrant Anyone = AccessGrant.Everything(null);
    public ValueTask<AccessGrant> AuthorizeAsync(Microsoft.AspNetCore.Http.HttpContext ctx, IReadOnlyList<AccessRequest> needed) => new(Anyone);
}
