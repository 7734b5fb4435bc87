using Wharf.Cli.Containers;

namespace Wharf.Cli.Tests.Flags;

public sealed class EnvFileTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Reads_values_literally_skips_comments_and_takes_bare_names_from_the_environment()
    {
        Environment.SetEnvironmentVariable("WHARF_TEST_FROM_ENV", "outer");
        Environment.SetEnvironmentVariable("WHARF_TEST_UNSET", null);
        File.WriteAllText(_file, "# comment\n\nA=1\n  B=spaced \nC=\"quoted\"\nWHARF_TEST_FROM_ENV\nWHARF_TEST_UNSET\nD=x=y\n");
        Assert.Equal(["A=1", "B=spaced ", "C=\"quoted\"", "WHARF_TEST_FROM_ENV=outer", "D=x=y"], EnvFile.Read(_file));
    }

    [Fact]
    public void Rejects_names_with_whitespace_and_missing_files()
    {
        File.WriteAllText(_file, "BAD NAME=1\n");
        Assert.Contains("contains whitespaces", Assert.Throws<FormatException>(() => EnvFile.Read(_file)).Message);
        Assert.Throws<FileNotFoundException>(() => EnvFile.Read(_file + ".missing"));
        Assert.Throws<FormatException>(() => EnvFile.Expand("=value"));
    }
}
