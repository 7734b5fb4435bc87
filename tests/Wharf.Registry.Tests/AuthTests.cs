using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Distribution.Server.Auth;
using Wharf.Distribution.Server.Hosting;
using Wharf.Distribution.Server.Http;
using Wharf.Oci;

namespace Wharf.Registry.Tests;

/// <summary>htpasswd basic auth, bearer tokens with per-repository scopes, the built-in token realm and read-only mode.</summary>
public sealed class AuthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-registry-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private HtpasswdFile Users()
    {
        var path = Path.Combine(_dir, "htpasswd");
        File.WriteAllText(path, $"# test users\nalice:{BCrypt.Net.BCrypt.HashPassword("wonderland", 5)}\nbob:{BCrypt.Net.BCrypt.HashPassword("builder", 5)}\n");
        return HtpasswdFile.Load(path);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Fact]
    public async Task BasicAuthChallengesThenAcceptsAKnownUserOnly()
    {
        await using var r = await TestRegistry.StartAsync(access: new BasicAccess(Users(), "test-realm"));
        var anonymous = await r.Client.GetAsync("/v2/");
        await TestRegistry.AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Basic realm=\"test-realm\"", anonymous.Headers.WwwAuthenticate.Single().ToString());

        r.Client.DefaultRequestHeaders.Authorization = Basic("alice", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await r.Client.GetAsync("/v2/")).StatusCode);
        r.Client.DefaultRequestHeaders.Authorization = Basic("mallory", "wonderland");
        Assert.Equal(HttpStatusCode.Unauthorized, (await r.Client.GetAsync("/v2/")).StatusCode);

        r.Client.DefaultRequestHeaders.Authorization = Basic("alice", "wonderland");
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync("/v2/")).StatusCode);
        var digest = await r.PushBlobAsync("app", [1, 2, 3]);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/app/blobs/{digest}")).StatusCode);
    }

    [Fact]
    public void HtpasswdRefusesNonBcryptHashes()
    {
        var path = Path.Combine(_dir, "md5");
        File.WriteAllText(path, "carol:$apr1$abc$defghijklmnop\n");
        Assert.Throws<FormatException>(() => HtpasswdFile.Load(path));
    }

    private static TokenKey NewEcKey()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return TokenKey.FromPem(ec.ExportPkcs8PrivateKeyPem());
    }

    private static string Token(TokenKey key, string audience, TimeSpan lifetime, params TokenAccess[] access) =>
        JsonWebToken.Sign(new TokenClaims("test-issuer", "tester", audience, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow + lifetime, access), key);

    [Fact]
    public async Task BearerTokensGrantOnlyTheirScopes()
    {
        var key = NewEcKey();
        await using var r = await TestRegistry.StartAsync(access: new TokenAccessController(key, "https://auth.example/token", "test-registry", "test-issuer"));
        var challenge = await r.Client.PostAsync("/v2/team/app/blobs/uploads/", null);
        await TestRegistry.AssertErrorAsync(challenge, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer realm=\"https://auth.example/token\",service=\"test-registry\",scope=\"repository:team/app:push\"",
            challenge.Headers.WwwAuthenticate.Single().ToString());

        // Seed a private repository with an all-powerful token, then switch to a narrow one.
        r.Client.DefaultRequestHeaders.Authorization = new("Bearer", Token(key, "test-registry", TimeSpan.FromMinutes(5), new TokenAccess("repository", "private/db", ["pull", "push"])));
        var secret = await r.PushBlobAsync("private/db", TestRegistry.RandomBytes(100));

        r.Client.DefaultRequestHeaders.Authorization = new("Bearer", Token(key, "test-registry", TimeSpan.FromMinutes(5), new TokenAccess("repository", "team/app", ["pull", "push"])));
        var mine = await r.PushBlobAsync("team/app", [7, 7, 7]);
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync($"/v2/team/app/blobs/{mine}")).StatusCode);

        var foreign = await r.Client.GetAsync($"/v2/private/db/blobs/{secret}");
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", foreign.Headers.WwwAuthenticate.Single().ToString());
        // Mounting needs pull on the source: without it the registry opens a plain upload instead.
        var mount = await r.Client.PostAsync($"/v2/team/app/blobs/uploads/?mount={secret}&from=private/db", null);
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync($"/v2/team/app/blobs/{secret}")).StatusCode);
        // No delete scope, no delete; no catalog scope, no catalog.
        Assert.Equal(HttpStatusCode.Unauthorized, (await r.Client.DeleteAsync($"/v2/team/app/blobs/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await r.Client.GetAsync("/v2/_catalog")).StatusCode);
    }

    [Fact]
    public async Task ExpiredForgedAndMisaddressedTokensAreRefused()
    {
        var key = NewEcKey();
        await using var r = await TestRegistry.StartAsync(access: new TokenAccessController(key, "https://auth.example/token", "test-registry", "test-issuer"));
        var scope = new TokenAccess("repository", "app", ["pull"]);
        foreach (var (token, why) in new[]
        {
            (Token(key, "test-registry", TimeSpan.FromMinutes(-3), scope), "expired"),
            (Token(NewEcKey(), "test-registry", TimeSpan.FromMinutes(5), scope), "signature"),
            (Token(key, "other-registry", TimeSpan.FromMinutes(5), scope), "audience"),
            ("not.a.jwt", "base64url"),
        })
        {
            r.Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var response = await r.Client.GetAsync("/v2/app/tags/list");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().ToString());
            Assert.Contains(why, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task RsaCertificateVerifiesTokensSignedByItsKey()
    {
        using var rsa = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=token-signer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var verifier = TokenKey.FromPem(cert.ExportCertificatePem());
        var signer = TokenKey.FromPem(rsa.ExportPkcs8PrivateKeyPem());
        Assert.False(verifier.CanSign);
        await using var r = await TestRegistry.StartAsync(access: new TokenAccessController(verifier, "https://auth.example/token", "svc", null));
        r.Client.DefaultRequestHeaders.Authorization = new("Bearer", Token(signer, "svc", TimeSpan.FromMinutes(5), new TokenAccess("registry", "catalog", ["*"])));
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync("/v2/_catalog")).StatusCode);
    }

    [Fact]
    public async Task BuiltInRealmIssuesTokensToHtpasswdUsersForTheScopesAsked()
    {
        var key = NewEcKey();
        var users = Users();
        await using var r = await TestRegistry.StartAsync(
            access: new TokenAccessController(key, null, "wharf-test", "wharf-test"),
            server: new RegistryServerOptions { TokenIssuer = new TokenIssuer(key, "wharf-test", "wharf-test", users, TimeSpan.FromMinutes(5)) });
        var challenge = (await r.Client.GetAsync("/v2/")).Headers.WwwAuthenticate.Single().ToString();
        Assert.Equal($"Bearer realm=\"{r.Server.BaseAddress}auth/token\",service=\"wharf-test\"", challenge);

        Assert.Equal(HttpStatusCode.Unauthorized, (await r.Client.GetAsync("/auth/token?service=wharf-test&scope=repository:app:pull")).StatusCode);
        var ask = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf-test&scope=repository:app:pull,push&scope=repository:Bad..Name:pull");
        ask.Headers.Authorization = Basic("bob", "builder");
        var issued = await r.Client.SendAsync(ask);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        using var doc = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        var token = doc.RootElement.GetProperty("token").GetString()!;
        var claims = JsonWebToken.Verify(token, key, "wharf-test", "wharf-test", DateTimeOffset.UtcNow);
        Assert.Equal("bob", claims.Subject);
        var access = Assert.Single(claims.Access);
        Assert.Equal("app", access.Name);
        Assert.Equal(["pull", "push"], access.Actions);

        r.Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await r.PushBlobAsync("app", [1]);
    }

    [Fact]
    public async Task BuiltInRealmWithoutUsersIssuesPullOnlyTokens()
    {
        var key = NewEcKey();
        await using var r = await TestRegistry.StartAsync(
            access: new TokenAccessController(key, null, "open", "open"),
            server: new RegistryServerOptions { TokenIssuer = new TokenIssuer(key, "open", "open", null, TimeSpan.FromMinutes(5)) });
        using var doc = JsonDocument.Parse(await r.Client.GetStringAsync("/auth/token?service=open&scope=repository:app:pull,push&scope=registry:catalog:*"));
        var claims = JsonWebToken.Verify(doc.RootElement.GetProperty("token").GetString()!, key, "open", "open", DateTimeOffset.UtcNow);
        var access = Assert.Single(claims.Access);
        Assert.Equal(["pull"], access.Actions);
        r.Client.DefaultRequestHeaders.Authorization = new("Bearer", doc.RootElement.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await r.Client.PostAsync("/v2/app/blobs/uploads/", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await r.Client.GetAsync("/v2/app/manifests/latest")).StatusCode);
    }

    [SkippableFact]
    public async Task SkopeoAuthenticatesThroughTheTokenRealmAndWithBasicAuth()
    {
        var skopeo = ExternalTool.Find("skopeo");
        Skip.If(skopeo is null, "skopeo is not installed");
        var layout = new OciLayoutBuilder(Path.Combine(_dir, "img"));
        layout.Tag(layout.AddImage([OciLayoutBuilder.TarOf("a.txt", "a\n"), OciLayoutBuilder.TarOf("b.txt", "b\n")], "amd64"), "v1");

        var key = NewEcKey();
        await using (var r = await TestRegistry.StartAsync(
            access: new TokenAccessController(key, null, "wharf-test", "wharf-test"),
            server: new RegistryServerOptions { TokenIssuer = new TokenIssuer(key, "wharf-test", "wharf-test", Users(), TimeSpan.FromMinutes(5)) }))
        {
            var denied = await ExternalTool.RunAsync(skopeo!, ["copy", "--dest-tls-verify=false", $"oci:{_dir}/img:v1", $"docker://{r.HostPort}/app:v1"]);
            Assert.NotEqual(0, denied.ExitCode);
            await ExternalTool.RunCheckedAsync(skopeo!, "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland", $"oci:{_dir}/img:v1", $"docker://{r.HostPort}/app:v1");
            await ExternalTool.RunCheckedAsync(skopeo!, "inspect", "--tls-verify=false", "--creds", "bob:builder", $"docker://{r.HostPort}/app:v1");
        }
        await using (var r = await TestRegistry.StartAsync(access: new BasicAccess(Users(), "basic")))
        {
            await ExternalTool.RunCheckedAsync(skopeo!, "copy", "--dest-tls-verify=false", "--dest-creds", "alice:wonderland", $"oci:{_dir}/img:v1", $"docker://{r.HostPort}/app:v1");
            var wrong = await ExternalTool.RunAsync(skopeo!, ["inspect", "--tls-verify=false", "--creds", "alice:nope", $"docker://{r.HostPort}/app:v1"]);
            Assert.NotEqual(0, wrong.ExitCode);
        }
    }

    [Fact]
    public async Task TlsServesTheConfiguredCertificate()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", ec, HashAlgorithmName.SHA256);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "key.pem"), ec.ExportPkcs8PrivateKeyPem());

        await using var r = await TestRegistry.StartAsync(server: new RegistryServerOptions { TlsCertificate = Path.Combine(_dir, "cert.pem"), TlsKey = Path.Combine(_dir, "key.pem") });
        Assert.Equal("https", r.Server.BaseAddress.Scheme);
        string? seen = null;
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => { seen = c?.Thumbprint; return true; } };
        using var client = new HttpClient(handler) { BaseAddress = r.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/")).StatusCode);
        Assert.Equal(cert.Thumbprint, seen);

        var skopeo = ExternalTool.Find("skopeo");
        if (skopeo is not null)
        {
            var layout = new OciLayoutBuilder(Path.Combine(_dir, "img"));
            layout.Tag(layout.AddImage([OciLayoutBuilder.TarOf("a.txt", "a\n")], "amd64"), "v1");
            await ExternalTool.RunCheckedAsync(skopeo, "copy", "--dest-tls-verify=false", $"oci:{_dir}/img:v1", $"docker://{r.HostPort}/tls/app:v1");
        }
    }

    [Fact]
    public async Task ReadOnlyModeServesPullsAndRefusesEveryWrite()
    {
        var root = Path.Combine(_dir, "ro");
        Digest blob;
        await using (var writable = await TestRegistry.StartAsync(root))
        {
            await writable.PushImageAsync("app", "v1");
            blob = await writable.PushBlobAsync("app", [4, 2]);
        }
        await using var r = await TestRegistry.StartAsync(root, options: new RegistryOptions { ReadOnly = true });
        Assert.Equal(HttpStatusCode.OK, (await r.Client.GetAsync("/v2/app/manifests/v1")).StatusCode);
        await TestRegistry.AssertErrorAsync(await r.Client.PostAsync("/v2/app/blobs/uploads/", null), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        await TestRegistry.AssertErrorAsync(await r.Client.DeleteAsync("/v2/app/manifests/v1"), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        await TestRegistry.AssertErrorAsync(await r.Client.DeleteAsync($"/v2/app/blobs/{blob}"), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        await TestRegistry.AssertErrorAsync(await r.PutManifestAsync("app", "v2", [], "application/vnd.oci.image.manifest.v1+json"), HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }
}
