using System.Text.Json;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Tests.Formatting;

public sealed class ContainerRowTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private const string Summary = """
        {"Id":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","Names":["/web","/other/alias"],
         "Image":"busybox","ImageID":"sha256:aa","Command":"sh -c 'sleep 1000; echo done'","Created":1799999997,
         "State":"running","Status":"Up 3 seconds","SizeRw":12345,"SizeRootFs":4261000,
         "Labels":{"b":"2","a":"1"},"Ports":[{"PrivatePort":80,"Type":"tcp","IP":"0.0.0.0","PublicPort":8080},{"PrivatePort":443,"Type":"tcp"}],
         "Mounts":[{"Type":"volume","Name":"data","Driver":"local"}],"NetworkSettings":{"Networks":{"bridge":{},"aaa":{}}}}
        """;

    private static string Render(string format, bool truncate = true)
    {
        using var doc = JsonDocument.Parse(Summary);
        return new FormatRenderer(format, ContainerRow.Headers).Render([new ContainerRow(doc.RootElement.Clone(), truncate, Now)]);
    }

    [Fact]
    public void Default_table_looks_like_docker_ps()
    {
        var lines = Render(ContainerRow.DefaultFormat).Split('\n');
        Assert.Equal("CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                           NAMES", lines[0]);
        Assert.Equal("0123456789ab   busybox   \"sh -c 'sleep 1000; …\"   3 seconds ago   Up 3 seconds   0.0.0.0:8080->80/tcp, 443/tcp   web", lines[1]);
    }

    [Theory]
    [InlineData("{{.ID}}", "0123456789ab\n")]
    [InlineData("{{.Names}}", "web\n")]
    [InlineData("{{.Label \"b\"}}|{{.Labels}}", "2|a=1,b=2\n")]
    [InlineData("{{.Size}}", "12.3kB (virtual 4.26MB)\n")]
    [InlineData("{{.Networks}} {{.Mounts}} {{.LocalVolumes}}", "aaa,bridge data 1\n")]
    [InlineData("{{.State}}/{{.Status}}", "running/Up 3 seconds\n")]
    [InlineData("{{.ID}}\\t{{.Image}}", "0123456789ab\tbusybox\n")]
    [InlineData("table {{.ID}}\\t{{.Label \"a\"}}", "CONTAINER ID   LABEL\n0123456789ab   1\n")]
    [InlineData("{{upper .Image}} {{json .Names}}", "BUSYBOX \"web\"\n")]
    public void Context_fields_match_docker(string format, string expected) => Assert.Equal(expected, Render(format));

    [Fact]
    public void No_trunc_keeps_full_id_command_and_all_names()
    {
        Assert.Equal("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef|\"sh -c 'sleep 1000; echo done'\"|web,other/alias\n",
            Render("{{.ID}}|{{.Command}}|{{.Names}}", truncate: false));
    }

    [Fact]
    public void Json_format_gives_every_field()
    {
        using var doc = JsonDocument.Parse(Render("json"));
        Assert.Equal("busybox", doc.RootElement.GetProperty("Image").GetString());
        Assert.Equal("3 seconds ago", doc.RootElement.GetProperty("RunningFor").GetString());
    }
}
