using Wharf.Runtime.Cgroups;

namespace Wharf.Runtime.Tests;

public class CgroupConversionsTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]
    [InlineData(512UL, 20UL)]
    [InlineData(262144UL, 10000UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(1_000_000UL, 10000UL)]
    public void SharesMapLinearlyOntoWeight(ulong shares, ulong weight)
        => Assert.Equal(weight, CgroupConversions.SharesToWeight(shares));

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(10UL, 1UL)]
    [InlineData(500UL, 4950UL)]
    [InlineData(1000UL, 10000UL)]
    public void BlkioWeightMapsOntoIoWeight(ulong blkio, ulong io)
        => Assert.Equal(io, CgroupConversions.BlkioWeightToIoWeight(blkio));

    [Theory]
    [InlineData(1.5, 100_000UL, 150_000L)]
    [InlineData(0.5, 100_000UL, 50_000L)]
    [InlineData(2.0, 50_000UL, 100_000L)]
    [InlineData(0.001, 100_000UL, 1_000L)]
    [InlineData(0.0, 100_000UL, -1L)]
    public void CpusBecomeAQuotaForThePeriod(double cpus, ulong period, long quota)
        => Assert.Equal(quota, CgroupConversions.CpusToQuota(cpus, period));

    [Fact]
    public void NanoCpusBecomeAQuota()
    {
        Assert.Equal(50_000, CgroupConversions.NanoCpusToQuota(500_000_000));
        Assert.Equal(250_000, CgroupConversions.NanoCpusToQuota(2_500_000_000));
        Assert.Equal(-1, CgroupConversions.NanoCpusToQuota(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CgroupConversions.CpusToQuota(-1));
    }

    [Theory]
    [InlineData(150_000L, 100_000UL, "150000 100000")]
    [InlineData(-1L, 100_000UL, "max 100000")]
    [InlineData(null, null, "max 100000")]
    [InlineData(20_000L, null, "20000 100000")]
    public void CpuMaxFormatsQuotaAndPeriod(long? quota, ulong? period, string expected)
        => Assert.Equal(expected, CgroupConversions.CpuMax(quota, period));

    [Theory]
    [InlineData(100L, "100")]
    [InlineData(0L, "max")]
    [InlineData(-1L, "max")]
    public void PidsLimitOfZeroOrLessIsUnlimited(long limit, string expected)
        => Assert.Equal(expected, CgroupConversions.PidsMax(limit));

    [Theory]
    [InlineData(200L, 100L, 100L)]      // memory+swap 200, memory 100 → 100 of swap
    [InlineData(100L, 100L, 0L)]        // no swap at all
    [InlineData(-1L, 100L, -1L)]        // unlimited swap
    [InlineData(null, -1L, -1L)]        // unlimited memory without a swap setting → unlimited swap
    [InlineData(null, 100L, null)]      // no swap setting → leave memory.swap.max alone
    public void SwapIsMemoryPlusSwapOnV1AndSwapAloneOnV2(long? memorySwap, long? memory, long? v2)
        => Assert.Equal(v2, CgroupConversions.SwapToV2(memorySwap, memory));

    [Fact]
    public void ImpossibleSwapSettingsAreErrors()
    {
        Assert.Throws<ArgumentException>(() => CgroupConversions.SwapToV2(50, 100));
        Assert.Throws<ArgumentException>(() => CgroupConversions.SwapToV2(50, null));
    }

    [Fact]
    public void HugepageSizesAreValidated()
    {
        Assert.Equal("2MB", CgroupConversions.HugepageSize("2MB"));
        Assert.Throws<ArgumentException>(() => CgroupConversions.HugepageSize("2M"));
        Assert.Throws<ArgumentException>(() => CgroupConversions.HugepageSize("../x"));
    }
}
