using Wharf.Engine.Containers;
using Wharf.Engine.Errors;

namespace Wharf.Engine.Tests;

public sealed class SignalsTests
{
    [Theory]
    [InlineData("SIGTERM", "TERM", 15)]
    [InlineData("term", "TERM", 15)]
    [InlineData("9", "KILL", 9)]
    [InlineData("SIGRTMIN+0", null, 0)]
    public void AcceptsDockersSpellings(string input, string? name, int number)
    {
        if (name is null) { Assert.Throws<EngineException>(() => Signals.Normalize(input)); return; }
        Assert.Equal(name, Signals.Normalize(input));
        Assert.Equal(number, Signals.Number(input));
    }

    [Fact]
    public void UnknownSignalIsAnInvalidParameter()
    {
        var e = Assert.Throws<EngineException>(() => Signals.Normalize("SIGNOPE"));
        Assert.Equal(ErrorKind.InvalidParameter, e.Kind);
        Assert.Equal("Invalid signal: SIGNOPE", e.Message);
    }
}
