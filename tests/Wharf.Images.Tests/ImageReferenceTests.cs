using Wharf.Images.Copy;
using Wharf.Images.References;
using Wharf.Oci.Image;

namespace Wharf.Images.Tests;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("user/app", "docker.io/user/app:latest", "user/app:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("localhost:5000/x", "localhost:5000/x:latest", "localhost:5000/x:latest")]
    [InlineData("localhost/x:tag", "localhost/x:tag", "localhost/x:tag")]
    [InlineData("registry.example.com/a/b/c:v1", "registry.example.com/a/b/c:v1", "registry.example.com/a/b/c:v1")]
    [InlineData("[::1]:5000/x", "[::1]:5000/x:latest", "[::1]:5000/x:latest")]
    public void Normalises_like_docker(string input, string full, string familiar)
    {
        var r = ImageReference.Parse(input);
        Assert.Equal(full, r.ToString());
        Assert.Equal(familiar, r.Familiar);
    }

    [Fact]
    public void Digest_references_keep_the_digest_and_add_no_tag()
    {
        string digest = "sha256:" + new string('a', 64);
        var r = ImageReference.Parse("busybox@" + digest);
        Assert.Null(r.Tag);
        Assert.Equal(digest, r.Digest.ToString());
        Assert.Equal("busybox@" + digest, r.Familiar);
    }

    [Theory]
    [InlineData("Busybox", "must be lowercase")]
    [InlineData("busybox:", "invalid reference format")]
    [InlineData("bad..name", "invalid reference format")]
    [InlineData("-x", "invalid reference format")]
    [InlineData("busybox@sha256:1234", "invalid reference format")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "cannot specify 64-byte hexadecimal strings")]
    public void Refuses_invalid_names_in_dockers_words(string input, string message)
    {
        var e = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Platform_is_picked_from_an_index_or_refused_with_dockers_message()
    {
        var index = new ImageIndex
        {
            Manifests =
            [
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = "sha256:" + new string('1', 64), Platform = new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" } },
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = "sha256:" + new string('2', 64), Platform = new Platform { Os = "linux", Architecture = "amd64" } },
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = "sha256:" + new string('3', 64), Platform = new Platform { Os = "unknown", Architecture = "unknown" } },
            ],
        };
        Assert.EndsWith("2222", ManifestParser.SelectPlatform(index, PlatformSpec.Parse("linux/amd64")).Digest);
        Assert.EndsWith("1111", ManifestParser.SelectPlatform(index, PlatformSpec.Parse("linux/arm64")).Digest);
        var e = Assert.Throws<UnsupportedMediaTypeException>(() => ManifestParser.SelectPlatform(index, PlatformSpec.Parse("linux/s390x")));
        Assert.Equal("no matching manifest for linux/s390x in the manifest list entries", e.Message);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"schemaVersion":1,"fsLayers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.example.thing","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1},"layers":[{"mediaType":"application/x-weird","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1}]}""")]
    public void Manifests_that_are_not_json_schema1_or_of_unknown_media_types_are_refused(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Assert.Throws<UnsupportedMediaTypeException>(() => ManifestParser.ParseManifest(new ManifestBlob(bytes, "", Oci.Digest.Sha256(bytes))));
    }

    [Fact]
    public void Progress_bar_has_dockers_shape()
    {
        Assert.Equal("[" + new string('=', 25) + ">" + new string(' ', 25) + "]     500B/1kB", Progress.ProgressBar.Format(500, 1000));
        Assert.Equal("1.23MB", Progress.ProgressBar.HumanSize(1_234_567));
    }
}
