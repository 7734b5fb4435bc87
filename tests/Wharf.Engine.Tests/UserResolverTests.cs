using Wharf.Engine.Containers;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Tests;

public sealed class UserResolverTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("users-");

    public UserResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "etc"));
        File.WriteAllText(Path.Combine(_root.FullName, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nsailor:x:1000:1001::/home/sailor:/bin/sh\n");
        File.WriteAllText(Path.Combine(_root.FullName, "etc/group"), "root:x:0:\ncrew:x:2000:\n");
    }

    [Theory]
    [InlineData("", 0u, 0u)]
    [InlineData("sailor", 1000u, 1001u)]
    [InlineData("1000", 1000u, 1001u)]
    [InlineData("sailor:crew", 1000u, 2000u)]
    [InlineData("42:43", 42u, 43u)]
    public void ResolvesNamesAndNumbers(string user, uint uid, uint gid)
    {
        var (u, g, _) = UserResolver.Resolve(_root.FullName, user);
        Assert.Equal((uid, gid), (u, g));
    }

    [Fact]
    public void UnknownNameIsRejected() =>
        Assert.Contains("unable to find user ghost", Assert.Throws<EngineException>(() => UserResolver.Resolve(_root.FullName, "ghost")).Message);

    public void Dispose() => _root.Delete(true);
}
