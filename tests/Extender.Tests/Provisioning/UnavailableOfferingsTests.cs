using Extender.Core.Catalog;
using Extender.Provisioning.Availability;
using Extender.TestKit.Planning;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Provisioning;

public sealed class UnavailableOfferingsTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(3);
    private readonly FakeTimeProvider _time = new();
    private readonly InstanceCatalog _catalog = TestCatalog.Small();
    private readonly UnavailableOfferings _offerings;

    public UnavailableOfferingsTests() =>
        _offerings = new UnavailableOfferings(Options.Create(new AvailabilityOptions { UnavailableOfferingTtl = Ttl }), _time);

    private static bool Available(InstanceCatalog catalog, string type, string zone) =>
        catalog.Find(type)!.Offerings.Single(o => o.Zone == zone && o.CapacityType == CapacityTypes.OnDemand).Available;

    [Fact]
    public void Apply_NothingMarked_TheCatalogItself() => Assert.Same(_catalog, _offerings.Apply(_catalog));

    [Fact]
    public void Apply_Marked_OfferingUnavailableAndTheSameOverlayUntilSomethingChanges()
    {
        _offerings.Mark([new("m.large", "us-east-1a", CapacityTypes.OnDemand)]);

        var overlay = _offerings.Apply(_catalog);

        Assert.False(Available(overlay, "m.large", "us-east-1a"));
        Assert.True(Available(overlay, "m.large", "us-east-1b"));
        Assert.True(Available(_catalog, "m.large", "us-east-1a"));
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Same(overlay, _offerings.Apply(_catalog));
        Assert.NotSame(overlay, _offerings.Apply(TestCatalog.Small()));
    }

    [Fact]
    public void Apply_AnotherMark_NewOverlayWithBoth()
    {
        _offerings.Mark([new("m.large", "us-east-1a", CapacityTypes.OnDemand)]);
        var first = _offerings.Apply(_catalog);

        _offerings.Mark([new("m.xlarge", null, CapacityTypes.OnDemand)]);
        var second = _offerings.Apply(_catalog);

        Assert.NotSame(first, second);
        Assert.False(Available(second, "m.large", "us-east-1a"));
        Assert.False(Available(second, "m.xlarge", "us-east-1c"));
    }

    [Fact]
    public void Apply_MarkRunsOut_OfferingAvailableAgain()
    {
        _offerings.Mark([new("m.large", "us-east-1a", CapacityTypes.OnDemand)]);
        _time.Advance(TimeSpan.FromMinutes(1));
        _offerings.Mark([new("m.xlarge", "us-east-1a", CapacityTypes.OnDemand)]);
        var both = _offerings.Apply(_catalog);

        _time.Advance(Ttl - TimeSpan.FromMinutes(1));
        var one = _offerings.Apply(_catalog);

        Assert.False(Available(both, "m.large", "us-east-1a"));
        Assert.True(Available(one, "m.large", "us-east-1a"));
        Assert.False(Available(one, "m.xlarge", "us-east-1a"));
    }
}
