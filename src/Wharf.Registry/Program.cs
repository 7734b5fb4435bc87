using Wharf.Registry;

const string Usage = """
Usage: wharf-registry serve [--config FILE] [--addr HOST:PORT] [--root DIR] [--storage filesystem|inmemory]
                            [--htpasswd FILE [--realm R]] [--tls-cert FILE --tls-key FILE]
                            [--token-signing-key PEM | --token-key PEM --token-realm URL] [--token-service S] [--token-issuer I]
                            [--read-only] [--direct-writes] [--access-log FILE|-|off] [--shutdown-timeout 30s] [--max-manifest-bytes N]
       wharf-registry gc    [--config FILE] [--root DIR] [--dry-run] [--delete-untagged] [--upload-max-age 24h]

The config file (YAML, or JSON when it ends in .json) uses distribution's keys: http.addr, http.tls.certificate,
http.tls.key, http.draintimeout, storage.filesystem.{rootdirectory,directwrites}, storage.maintenance.readonly.enabled,
auth.htpasswd.path, auth.token.{realm,service,issuer,rootcertbundle,signingkey}, log.accesslog.{disabled,path}.
Flags override the file.
""";

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.Out.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
try
{
    var settings = RegistrySettings.From(RegistrySettings.Build(args[1..]));
    return args[0] switch
    {
        "serve" => await ServeCommand.RunAsync(settings),
        "gc" or "garbage-collect" => await GcCommand.RunAsync(settings),
        _ => throw new UsageException($"unknown command \"{args[0]}\""),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"wharf-registry: {e.Message}\n\n{Usage}");
    return 2;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"wharf-registry: {e.Message}");
    return 1;
}
