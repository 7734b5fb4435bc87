using System.Text;
using System.Text.Json;
using Wharf.Runtime.Containers;

namespace Wharf.Runtime.Tests;

/// <summary>state.json as `create` and `run` write it (StateJson with the minimal escaper), read back by the
/// serializer that `state`, `kill` and `delete` use.</summary>
public sealed class StateJsonTests
{
    private const string Awkward = "q\"b\\n\nt\tc\u0001 plus+lt<amp&apos' é 😀 end";

    [Fact]
    public void EscapedStringsReadBackUnchangedAndStayAscii()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonMinimalEscaper.Instance }))
        {
            w.WriteStartObject();
            w.WriteString("s", Awkward);
            w.WriteEndObject();
        }
        var bytes = buffer.WrittenSpan.ToArray();
        Assert.All(bytes, b => Assert.True(b < 0x80, $"byte 0x{b:x2} is not ASCII"));
        var text = Encoding.ASCII.GetString(bytes);
        Assert.Contains("plus+lt<amp&apos'", text); // only what JSON needs is escaped
        Assert.Contains("\\ud83d\\ude00", text);     // a supplementary character as a surrogate pair
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal(Awkward, doc.RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public void RecordRoundTripsThroughTheStateReader()
    {
        var config = """{"ociVersion":"1.1.0","process":{"args":["/bin/true"],"cwd":"/"},"root":{"path":"rootfs"}}"""u8.ToArray();
        var record = new ContainerRecord
        {
            Id = "id-1", Pid = 4321, PidStartTime = 987654321, Bundle = "/tmp/b \"quoted\" é", Rootfs = "/tmp/b/root\\fs",
            Created = new DateTime(2026, 11, 29, 6, 40, 1, DateTimeKind.Utc), CgroupsPath = "/wharf/id-1",
        };
        var json = StateJson.Write(record, config);
        var back = JsonSerializer.Deserialize(json, RuntimeJson.Default.ContainerRecord)!;
        Assert.Equal(record.Id, back.Id);
        Assert.Equal(record.Pid, back.Pid);
        Assert.Equal(record.PidStartTime, back.PidStartTime);
        Assert.Equal(record.Bundle, back.Bundle);
        Assert.Equal(record.Rootfs, back.Rootfs);
        Assert.Equal(record.Created, back.Created);
        Assert.Equal(record.CgroupsPath, back.CgroupsPath);
        Assert.Equal(["/bin/true"], back.Config.Process!.Args!);
    }
}
