using System.Text.Json;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Tests.Templates;

public sealed class GoTemplateTests
{
    private const string Inspect = """
        {"Id":"abc123","Name":"/web","State":{"Running":true,"Pid":42,"ExitCode":0},
         "Config":{"Env":["A=1","B=2"],"Labels":{"z":"last","a":"first"},"Cmd":null},
         "Mounts":[],"Size":1.5,"Tags":["x<y"]}
        """;

    private static string Run(string template, string json = Inspect)
    {
        using var doc = JsonDocument.Parse(json);
        return GoTemplate.Parse(template).Execute(doc.RootElement.Clone());
    }

    [Theory]
    [InlineData("{{.Name}}", "/web")]
    [InlineData("{{.State.Pid}}", "42")]
    [InlineData("{{.State.Running}}", "true")]
    [InlineData("{{.Config.Env}}", "[A=1 B=2]")]
    [InlineData("{{.Config.Labels}}", "map[a:first z:last]")]
    [InlineData("{{.Missing}}", "<no value>")]
    [InlineData("{{.Missing.Deeper}}", "<no value>")]
    [InlineData("{{.Config.Cmd}}", "<no value>")]
    [InlineData("{{.Size}}", "1.5")]
    [InlineData("{{json .Config.Env}}", "[\"A=1\",\"B=2\"]")]
    [InlineData("{{json .Tags}}", "[\"x\\u003cy\"]")]
    [InlineData("{{range .Config.Env}}[{{.}}]{{end}}", "[A=1][B=2]")]
    [InlineData("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "a=first;z=last;")]
    [InlineData("{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}", "0:A=1 1:B=2 ")]
    [InlineData("{{range .Mounts}}x{{else}}none{{end}}", "none")]
    [InlineData("{{if .State.Running}}up{{else}}down{{end}}", "up")]
    [InlineData("{{if eq .State.ExitCode 1}}one{{else if eq .State.ExitCode 0}}zero{{else}}other{{end}}", "zero")]
    [InlineData("{{with .State}}{{.Pid}}{{end}}", "42")]
    [InlineData("{{with .Nope}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{index .Config.Labels \"z\"}}", "last")]
    [InlineData("{{index .Config.Env 1}}", "B=2")]
    [InlineData("{{join .Config.Env \",\"}}", "A=1,B=2")]
    [InlineData("{{printf \"%s-%d\" .Name .State.Pid}}", "/web-42")]
    [InlineData("{{printf \"%-6s|\" \"ab\"}}", "ab    |")]
    [InlineData("{{printf \"%5d|%q\" 42 \"x\"}}", "   42|\"x\"")]
    [InlineData("{{lower \"ABC\"}}{{upper \"def\"}}{{title \"hello world\"}}", "abcDEFHello World")]
    [InlineData("{{split \"a:b:c\" \":\"}}", "[a b c]")]
    [InlineData("{{truncate .Id 3}}", "abc")]
    [InlineData("{{pad \"x\" 1 2}}|", " x  |")]
    [InlineData("{{println \"a\" \"b\"}}", "a b\n")]
    [InlineData("{{.Name | printf \"%s!\"}}", "/web!")]
    [InlineData("{{len .Config.Env}}", "2")]
    [InlineData("{{$n := .Name}}{{$n}}", "/web")]
    [InlineData("{{(index .Config.Env 0)}}", "A=1")]
    [InlineData("{{and .State.Running .Name}} {{or .Missing \"fallback\"}} {{not true}}", "/web fallback false")]
    [InlineData("a  {{- .State.Pid -}}  b", "a42b")]
    [InlineData("{{/* comment */}}x", "x")]
    [InlineData("{{range .Config.Env}}{{if eq . \"B=2\"}}{{break}}{{end}}{{.}}{{end}}", "A=1")]
    [InlineData("{{lt 1 2}} {{ge 2 2}} {{ne \"a\" \"b\"}}", "true true true")]
    [InlineData("{{$.Name}}{{range .Config.Env}}{{$.Id}}{{end}}", "/webabc123abc123")]
    [InlineData("{{`raw\\n`}}", "raw\\n")]
    [InlineData("{{(.State).Pid}}", "42")]
    public void Evaluates_like_go_text_template(string template, string expected) =>
        Assert.Equal(expected, Run(template));

    [Theory]
    [InlineData("{{.Name", "unclosed action")]
    [InlineData("{{if .Name}}x", "unexpected EOF")]
    [InlineData("{{end}}", "unexpected {{end}}")]
    [InlineData("{{nosuch .Name}}", "function \"nosuch\" not defined")]
    [InlineData("{{\"abc}}", "unterminated quoted string")]
    public void Reports_errors_in_go_shape(string template, string fragment)
    {
        var e = Assert.Throws<TemplateException>(() => Run(template));
        Assert.StartsWith("template: :1:", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Template_objects_expose_fields_and_methods()
    {
        var obj = new FakeObject();
        Assert.Equal("val|L:k", GoTemplate.Parse("{{.Field}}|{{.Label \"k\"}}").Execute(obj));
        Assert.Equal("{\"Field\":\"val\"}", GoTemplate.Parse("{{json .}}").Execute(obj));
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Nope}}").Execute(obj));
        Assert.Contains("can't evaluate field Nope", e.Message);
    }

    private sealed class FakeObject : ITemplateObject
    {
        public bool TryGetField(string name, out object? value)
        {
            value = name == "Field" ? "val" : null;
            return name == "Field";
        }

        public bool TryCall(string name, IReadOnlyList<object?> args, out object? value)
        {
            value = name == "Label" && args.Count == 1 ? "L:" + args[0] : null;
            return value != null;
        }

        public void WriteJson(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("Field", "val");
            writer.WriteEndObject();
        }
    }
}
