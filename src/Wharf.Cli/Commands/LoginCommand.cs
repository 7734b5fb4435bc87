using Wharf.Api.Client.Requests;
using Wharf.Cli.Flags;

namespace Wharf.Cli.Commands;

/// <summary>`login [-u USER] [-p PASS | --password-stdin] [SERVER]`: checks with POST /auth, then stores the credentials in config.json.</summary>
public sealed class LoginCommand : CliCommand
{
    public const string DefaultServer = "https://index.docker.io/v1/";

    public override string Name => "login";
    public override string Usage => "[OPTIONS] [SERVER]";
    public override string Description => "Authenticate to a registry";
    public override int MaxArgs => 1;

    protected override FlagSet BuildFlags() => new FlagSet()
        .Value("password", 'p', "Password or Personal Access Token (PAT)")
        .Bool("password-stdin", null, "Take the Password or Personal Access Token (PAT) from stdin")
        .Value("username", 'u', "Username");

    public override async Task<int> RunAsync(CliSession session, ParsedFlags flags)
    {
        var server = flags.Args.Count == 1 ? NormalizeServer(flags.Args[0]) : DefaultServer;
        var user = flags.Get("username");
        var password = flags.Get("password");
        using var stdin = new StreamReader(session.StdinStream, leaveOpen: true);
        if (flags.GetBool("password-stdin"))
        {
            if (password != null) throw new CliStatusException(1, "--password and --password-stdin are mutually exclusive");
            if (user == null) throw new CliStatusException(1, "Must provide --username with --password-stdin");
            password = (await stdin.ReadToEndAsync()).TrimEnd('\n', '\r');
        }
        else if (password != null)
        {
            await session.Err.WriteLineAsync("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        if (user == null)
        {
            await session.Out.WriteAsync("Username: ");
            await session.Out.FlushAsync();
            user = (await stdin.ReadLineAsync())?.Trim() ?? "";
        }
        if (password == null)
        {
            await session.Out.WriteAsync("Password: ");
            await session.Out.FlushAsync();
            password = await stdin.ReadLineAsync() ?? "";
            await session.Out.WriteLineAsync();
        }
        if (user.Length == 0) throw new CliStatusException(1, "Error: Non-null Username Required");
        if (password.Length == 0) throw new CliStatusException(1, "Error: Password Required");

        var client = await session.ClientAsync();
        var (status, _) = await client.AuthAsync(new AuthConfigRequest { Username = user, Password = password, ServerAddress = server });
        session.Config.SetAuth(server, user, password);
        session.Config.Save();
        await session.Out.WriteLineAsync(string.IsNullOrEmpty(status) ? "Login Succeeded" : status);
        return 0;
    }

    /// <summary>Registry keys in config.json are host[:port], except Docker Hub's legacy URL.</summary>
    public static string NormalizeServer(string server)
    {
        var s = server.Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal).TrimEnd('/');
        var slash = s.IndexOf('/');
        if (slash > 0) s = s[..slash];
        return s is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? DefaultServer : s;
    }
}
