namespace Wharf.Runtime.Tests.Support;

/// <summary>Waits for a condition with a deadline, failing the test with what it waited for.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {seconds}s waiting for {what}");
            Thread.Sleep(10);
        }
    }
}
