using System.Text;
using System.Text.Json;
using Wharf.Api.Client;
using Wharf.Api.Client.Requests;
using Wharf.Cli.Config;

namespace Wharf.Cli.Images;

/// <summary>Builds the X-Registry-Auth header (base64url of the AuthConfig JSON) from config.json's stored credentials.</summary>
public static class RegistryAuth
{
    public static string HeaderFor(CliConfigFile config, ImageReference reference)
    {
        var auth = new AuthConfigRequest { ServerAddress = reference.AuthKey };
        if (config.GetAuth(reference.AuthKey) is { } creds)
        {
            auth.Username = creds.User;
            auth.Password = creds.Password;
        }
        return Encode(auth);
    }

    public static string Encode(AuthConfigRequest auth)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(auth, ClientJsonContext.Default.AuthConfigRequest);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }
}
