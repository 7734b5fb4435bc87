using Wharf.Cli.Formatting;

namespace Wharf.Cli.Tests.Formatting;

public sealed class TabWriterTests
{
    [Fact]
    public void Empty_ps_header_matches_docker_byte_for_byte()
    {
        var header = "CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n";
        Assert.Equal("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n", new TabWriter().Format(header));
    }

    [Fact]
    public void Columns_widen_to_the_longest_cell_plus_padding_and_the_last_cell_is_not_padded()
    {
        var text = "A\tB\tC\nlonger-value\tx\tend\n";
        Assert.Equal("A              B         C\nlonger-value   x         end\n", new TabWriter().Format(text));
    }

    [Fact]
    public void A_line_with_fewer_cells_ends_the_column_block()
    {
        var text = "a\tb\nno tabs here at all\nccccccccccccc\td\n";
        Assert.Equal("a         b\nno tabs here at all\nccccccccccccc   d\n", new TabWriter().Format(text));
    }

    [Fact]
    public void Width_counts_characters_not_bytes()
    {
        Assert.Equal("\"sh -c 'sleep…\"   x\n", new TabWriter(minWidth: 1).Format("\"sh -c 'sleep…\"\tx\n"));
    }
}
