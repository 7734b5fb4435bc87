using System.Buffers;
using System.Text.Json;

namespace Wharf.Runtime.Containers;

/// <summary>
/// Writes state.json for a record made from config.json, with the config's own bytes as "config": the same
/// document <see cref="RuntimeJson"/> writes and reads back, without building serializer metadata for the whole
/// <see cref="Oci.Runtime.Spec"/> graph on every `create` and `run` (see <see cref="SpecReader"/>).
/// </summary>
internal static class StateJson
{
    public static byte[] Write(ContainerRecord record, byte[] config)
    {
        var buffer = new ArrayBufferWriter<byte>(config.Length + 512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonMinimalEscaper.Instance }))
        {
            w.WriteStartObject();
            w.WriteString("id", record.Id);
            w.WriteNumber("pid", record.Pid);
            w.WriteNumber("pidStartTime", record.PidStartTime);
            w.WriteString("bundle", record.Bundle);
            w.WriteString("rootfs", record.Rootfs);
            w.WriteString("created", record.Created);
            w.WriteString("cgroupsPath", record.CgroupsPath);
            w.WritePropertyName("config");
            // Read once already; may hold comments or trailing commas, which state.json's reader accepts too.
            w.WriteRawValue(config, skipInputValidation: true);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
