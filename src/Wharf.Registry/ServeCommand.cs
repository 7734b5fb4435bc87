using Wharf.Distribution.Server.Auth;
using Wharf.Distribution.Server.Hosting;
using Wharf.Distribution.Server.Http;
using Wharf.Distribution.Server.Storage;

namespace Wharf.Registry;

/// <summary><c>wharf-registry serve</c>: runs the registry until SIGTERM/SIGINT, then lets uploads in flight finish.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(RegistrySettings s)
    {
        // fdatasync at the end of each push blocks a pool thread for as long as the disk takes; with the
        // default minimum (one thread per core) a few concurrent commits would leave no thread for other
        // requests until the pool's starvation detection adds threads.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinPoolThreads), io);
        IRegistryStorage storage = s.StorageDriver == "inmemory" ? new InMemoryStorage() : new FileSystemStorage(s.Root, s.DirectWrites);
        if (storage is FileSystemStorage files) _ = Task.Run(() => Sweep(files));
        var (access, issuer) = Access(s);
        var services = new RegistryServices(storage, access, new RegistryOptions { ReadOnly = s.ReadOnly, MaxManifestBytes = s.MaxManifestBytes });
        TextWriter? log = s.AccessLog switch
        {
            "off" => null,
            "-" => Console.Error,
            var path => new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)),
        };
        var server = await RegistryServer.StartAsync(services, new RegistryServerOptions
        {
            Address = s.Address,
            TlsCertificate = s.TlsCertificate,
            TlsKey = s.TlsKey,
            AccessLog = log,
            ShutdownTimeout = s.ShutdownTimeout,
            TokenIssuer = issuer,
        });
        Console.Error.WriteLine($"wharf-registry: listening on {server.BaseAddress.ToString().TrimEnd('/')} (storage {s.StorageDriver}{(s.StorageDriver == "filesystem" ? " " + s.Root : "")}{(s.ReadOnly ? ", read-only" : "")})");
        await server.WaitForShutdownAsync();
        Console.Error.WriteLine("wharf-registry: shutting down, finishing requests in flight");
        await server.DisposeAsync();
        if (log is not null && log != Console.Error) await log.DisposeAsync();
        return 0;
    }

    private const int MinPoolThreads = 32;

    /// <summary>Removes what a crashed run left half-written, in the background: the tree may be large.</summary>
    private static void Sweep(FileSystemStorage files)
    {
        try
        {
            int removed = files.SweepStaleTemporaries();
            if (removed > 0) Console.Error.WriteLine($"wharf-registry: removed {removed} temporary file(s) left by an earlier run");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"wharf-registry: sweeping temporary files: {e.Message}");
        }
    }

    private static (IAccessController, TokenIssuer?) Access(RegistrySettings s)
    {
        var users = s.Htpasswd is { } path ? HtpasswdFile.Load(path) : null;
        if (s.TokenSigningKey is { } signingPath)
        {
            var key = TokenKey.Load(signingPath);
            if (!key.CanSign) throw new UsageException($"{signingPath}: the token signing key must be a private key");
            var issuerName = s.TokenIssuer ?? "wharf-registry";
            return (new TokenAccessController(key, s.TokenRealm, s.TokenService, issuerName),
                    new TokenIssuer(key, s.TokenService, issuerName, users, TimeSpan.FromMinutes(5)));
        }
        if (s.TokenKey is { } keyPath) return (new TokenAccessController(TokenKey.Load(keyPath), s.TokenRealm, s.TokenService, s.TokenIssuer), null);
        if (users is not null) return (new BasicAccess(users, s.HtpasswdRealm), null);
        return (new OpenAccess(), null);
    }
}
