using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

public class CgroupPathTests
{
    [Theory]
    [InlineData("/wharf/abc", "/wharf/abc")]
    [InlineData("/a//b/", "/a/b")]
    [InlineData("abc", "/wharf/abc")]
    [InlineData("nested/abc", "/wharf/nested/abc")]
    [InlineData("system.slice:docker:abc", "/system.slice/docker-abc.scope")]
    [InlineData(":wharf:abc", "/system.slice/wharf-abc.scope")]
    [InlineData("user-1000.slice:wharf:abc", "/user.slice/user-1000.slice/wharf-abc.scope")]
    [InlineData("machine.slice::abc", "/machine.slice/abc.scope")]
    [InlineData("system.slice:docker:inner.slice", "/system.slice/inner.slice")]
    public void ResolvesOciCgroupsPathForms(string input, string expected)
        => Assert.Equal(expected, CgroupPath.Resolve(input));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/wharf/../etc")]
    [InlineData("system:docker:abc")]
    [InlineData("a--b.slice:docker:abc")]
    [InlineData("system.slice:docker:")]
    public void RejectsPathsThatEscapeOrAreMalformed(string input)
        => Assert.Throws<ArgumentException>(() => CgroupPath.Resolve(input));
}
