using Wharf.Cli.Formatting;

namespace Wharf.Cli.Tests.Formatting;

public sealed class HumanUnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1234567, "1.23MB")]
    [InlineData(4261000, "4.26MB")]
    [InlineData(12345, "12.3kB")]
    [InlineData(999999, "1e+03kB")]
    [InlineData(2_000_000_000, "2GB")]
    public void Sizes_use_decimal_units_and_three_significant_digits(long bytes, string expected) =>
        Assert.Equal(expected, HumanUnits.Size(bytes));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(3, "3 seconds")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(3599, "59 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(2 * 3600, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(15 * 86400, "2 weeks")]
    [InlineData(70 * 86400, "2 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Durations_read_like_go_units(double seconds, string expected) =>
        Assert.Equal(expected, HumanUnits.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("512", 512)]
    [InlineData("64m", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1.5k", 1536)]
    [InlineData("2MiB", 2L << 20)]
    public void Memory_sizes_are_binary(string text, long expected)
    {
        Assert.True(HumanUnits.TryParseRamSize(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("12q")]
    [InlineData("-1m")]
    public void Bad_memory_sizes_are_refused(string text) => Assert.False(HumanUnits.TryParseRamSize(text, out _));
}
