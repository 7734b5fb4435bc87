namespace Wharf.Daemon.Api;

/// <summary>The API versions this daemon speaks and the engine version it reports.</summary>
public static class ApiVersions
{
    public static readonly Version Max = new(1, 47);
    public static readonly Version Min = new(1, 40);
    public const string EngineVersion = "28.0.0-wharf";

    public static string Text(Version v) => $"{v.Major}.{v.Minor}";
}
