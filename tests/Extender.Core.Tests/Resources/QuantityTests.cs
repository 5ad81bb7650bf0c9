using Extender.Core.Resources;

namespace Extender.Core.Tests.Resources;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1", 1_000L)]
    [InlineData("500m", 500L)]
    [InlineData("0.5", 500L)]
    [InlineData(".5", 500L)]
    [InlineData("1.5", 1_500L)]
    [InlineData("+2", 2_000L)]
    [InlineData("-1", -1_000L)]
    [InlineData("1k", 1_000_000L)]
    [InlineData("1M", 1_000_000_000L)]
    [InlineData("1G", 1_000_000_000_000L)]
    [InlineData("1T", 1_000_000_000_000_000L)]
    [InlineData("2P", 2_000_000_000_000_000_000L)]
    [InlineData("1Ki", 1_024_000L)]
    [InlineData("1Mi", 1_048_576_000L)]
    [InlineData("4Gi", 4_294_967_296_000L)]
    [InlineData("1.5Gi", 1_610_612_736_000L)]
    [InlineData("1Ti", 1_099_511_627_776_000L)]
    [InlineData("1Pi", 1_125_899_906_842_624_000L)]
    [InlineData("1e3", 1_000_000L)]
    [InlineData("1E3", 1_000_000L)]
    [InlineData("1e-3", 1L)]
    [InlineData("2.5e2", 250_000L)]
    [InlineData("1u", 1L)]
    [InlineData("1n", 1L)]
    [InlineData("1500000u", 1_500L)]
    [InlineData("0.0001", 1L)]
    [InlineData("15164940Ki", 15_528_898_560_000L)]
    [InlineData("95551679124", 95_551_679_124_000L)]
    public void ParseMilli_ValidText_ReturnsExactMilliUnits(string text, long expected) =>
        Assert.Equal(expected, Quantity.ParseMilli(text));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("1Zi")]
    [InlineData("1 Gi")]
    [InlineData("Gi")]
    [InlineData("1e")]
    [InlineData("--1")]
    [InlineData("1Ei")]
    [InlineData("9E")]
    public void ParseMilli_Garbage_ThrowsNamingTheText(string text)
    {
        var error = Assert.Throws<FormatException>(() => Quantity.ParseMilli(text));
        Assert.Contains(text.Length == 0 ? "empty" : $"\"{text}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_500L, false, "1500m")]
    [InlineData(2_000L, false, "2")]
    [InlineData(4_294_967_296_000L, true, "4Gi")]
    [InlineData(1_610_612_736_000L, true, "1536Mi")]
    public void Format_Milli_WritesCanonicalText(long milli, bool binary, string expected) =>
        Assert.Equal(expected, Quantity.Format(milli, binary));
}
