using Amazon.EC2;
using BenchmarkDotNet.Attributes;
using Extender.Core.Capacity;
using Extender.Sandbox.Ec2;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Benchmarks.Aws;

/// <summary>
/// Building the catalog from a sandbox serving 800 instance types over 8 pages of DescribeInstanceTypes (plus offerings
/// and spot prices), with a warm SDK client and a fresh provider each time.
/// <c>dotnet run -c Release --project tests/Extender.Benchmarks -- --filter '*CatalogBuild*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class CatalogBuildBenchmarks
{
    private SandboxEc2Server _ec2 = null!;
    private AmazonEC2Client _client = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ec2 = SandboxEc2Server.StartAsync(new SandboxEc2Options { InstanceTypes = SandboxInstanceTypes.Synthetic(800) }, CancellationToken.None).GetAwaiter().GetResult();
        _client = new AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials("sandbox", "sandbox"),
            new AmazonEC2Config { ServiceURL = _ec2.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        _client.DescribeAvailabilityZonesAsync(new Amazon.EC2.Model.DescribeAvailabilityZonesRequest()).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void FreshProvider() => _services = SandboxProvider.Build(_ec2.Url, _client);

    [IterationCleanup]
    public void DisposeProvider() => _services.Dispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _ec2.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<int> Build800Types() =>
        (await _services.GetRequiredService<ICapacityProvider>().GetInstanceTypesAsync(CancellationToken.None)).Count;
}
