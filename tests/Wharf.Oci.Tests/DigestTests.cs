using System.Text;
using Wharf.Oci;

namespace Wharf.Oci.Tests;

public sealed class DigestTests
{
    [Fact]
    public void Sha256_of_known_content_matches_sha256sum()
    {
        // printf 'hello' | sha256sum
        var d = Digest.Sha256(Encoding.ASCII.GetBytes("hello"));
        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", d.ToString());
        Assert.Equal("2cf24dba5fb0", d.Short);
    }

    [Theory]
    [InlineData("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", true)]
    [InlineData("sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", false)] // upper case is not canonical
    [InlineData("sha256:2cf24d", false)]
    [InlineData("md5:5d41402abc4b2a76b9719d911017c592", false)]
    [InlineData("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", false)]
    [InlineData("", false)]
    [InlineData("sha256:../../../../etc/passwd00000000000000000000000000000000000000000", false)]
    public void TryParse_accepts_only_canonical_digests(string text, bool valid)
    {
        Assert.Equal(valid, Digest.TryParse(text, out _));
    }

    [Fact]
    public void Parse_names_the_bad_input()
    {
        var e = Assert.Throws<FormatException>(() => Digest.Parse("sha256:xyz"));
        Assert.Contains("sha256:xyz", e.Message);
    }

    [Fact]
    public void Stream_and_span_give_the_same_digest()
    {
        var bytes = new byte[100_000];
        new Random(7).NextBytes(bytes);
        Assert.Equal(Digest.Sha256(bytes), Digest.Sha256(new MemoryStream(bytes)));
    }
}
