namespace Extender.Aws.Tests;

public sealed class AwsCapacityOptionsValidatorTests
{
    [Theory]
    [InlineData("Region", "", "Aws:Region is not set")]
    [InlineData("ClusterName", "", "Aws:ClusterName is required")]
    [InlineData("ClusterName", "bad name", "Aws:ClusterName is required")]
    [InlineData("RetryMode", "Legacy", "Aws:RetryMode must be Standard or Adaptive")]
    [InlineData("MaxFleetOverrides", "0", "Aws:MaxFleetOverrides must be between 1 and 300")]
    [InlineData("AccessKeyId", "AKID", "must be given together")]
    public void Validate_BadValue_FailsNamingTheSetting(string property, string value, string expected)
    {
        var options = new AwsCapacityOptions { Region = "us-east-1", ClusterName = "prod" };
        var info = typeof(AwsCapacityOptions).GetProperty(property)!;
        info.SetValue(options, info.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = new AwsCapacityOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultsWithRegionAndClusterName_Succeed() =>
        Assert.True(new AwsCapacityOptionsValidator().Validate(null, new AwsCapacityOptions { Region = "us-east-1", ClusterName = "prod" }).Succeeded);
}
