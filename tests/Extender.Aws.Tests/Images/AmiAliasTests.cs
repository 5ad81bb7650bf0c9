using Extender.Aws.Images;

namespace Extender.Aws.Tests.Images;

/// <summary>The SSM parameter paths Karpenter reads per family, architecture, Kubernetes and image version (its resolvers' paths).</summary>
public sealed class AmiAliasTests
{
    [Theory]
    [InlineData("al2023@latest", "x86_64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id")]
    [InlineData("al2023@latest", "arm64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/standard/recommended/image_id")]
    [InlineData("al2023@v20250101", "x86_64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.33-v20250101/image_id")]
    [InlineData("al2023@v20250101", "arm64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/standard/amazon-eks-node-al2023-arm64-standard-1.33-v20250101/image_id")]
    [InlineData("al2@latest", "x86_64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2/recommended/image_id")]
    [InlineData("al2@latest", "arm64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2-arm64/recommended/image_id")]
    [InlineData("al2@v20240703", "x86_64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2/amazon-eks-node-1.33-v20240703/image_id")]
    [InlineData("al2@v20240703", "arm64", "/aws/service/eks/optimized-ami/1.33/amazon-linux-2-arm64/amazon-eks-arm64-node-1.33-v20240703/image_id")]
    [InlineData("bottlerocket@latest", "x86_64", "/aws/service/bottlerocket/aws-k8s-1.33/x86_64/latest/image_id")]
    [InlineData("bottlerocket@v1.30.0", "arm64", "/aws/service/bottlerocket/aws-k8s-1.33/arm64/1.30.0/image_id")]
    [InlineData("bottlerocket@1.30.0", "x86_64", "/aws/service/bottlerocket/aws-k8s-1.33/x86_64/1.30.0/image_id")]
    public void Parameters_Alias_AreKarpentersPaths(string alias, string architecture, string expected)
    {
        var parsed = AmiAlias.TryParse(alias);

        Assert.NotNull(parsed);
        Assert.Equal(expected, parsed.Parameters("1.33").Single(p => p.Architecture == architecture).Parameter);
    }

    [Theory]
    [InlineData("al2023@latest", AmiFamily.AL2023, true)]
    [InlineData("al2023@v20250101", AmiFamily.AL2023, false)]
    [InlineData("bottlerocket@v1.30.0", AmiFamily.Bottlerocket, false)]
    [InlineData("al2@latest", AmiFamily.AL2, true)]
    public void TryParse_SupportedFamily_FamilyAndMutability(string alias, AmiFamily family, bool latest)
    {
        var parsed = AmiAlias.TryParse(alias);

        Assert.Equal((family, latest), (parsed!.Family, parsed.IsLatest));
    }

    [Theory]
    [InlineData("windows2022@latest")]
    [InlineData("al2023")]
    [InlineData("al2023@")]
    [InlineData("@latest")]
    public void TryParse_UnsupportedOrMalformed_Null(string alias)
    {
        Assert.Null(AmiAlias.TryParse(alias));
    }

    [Fact]
    public void FamilyOf_NoAlias_Al2023WhoseUserDataIsWrittenForOtherImages()
    {
        Assert.Equal(AmiFamily.AL2023, AmiAlias.FamilyOf([null, null]));
        Assert.Equal(AmiFamily.Bottlerocket, AmiAlias.FamilyOf([null, "bottlerocket@latest"]));
    }
}
