using Extender.Aws.NodeClasses;
using Extender.Core.Capacity;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;
using Extender.NodeClasses;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.NodeClasses;

public sealed class NodeClassReadinessTests
{
    private static readonly Ec2NodeClassStatus Ready = new([], [], [], "profile", [new(Ec2NodeClassStatus.ReadyCondition, true, "Ready", "all selectors resolved")]);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Classes _classes = new();
    private readonly Resolver _resolver = new();
    private readonly NodeClassStatusOptions _options = new();

    [Fact]
    public async Task GetAsync_SameSpecAskedAgain_ResolvesOnceAndAgainOnlyWhenTheSpecChanges()
    {
        var readiness = Readiness();
        _classes.Set(Class("default", generation: 1));

        Assert.True((await readiness.GetAsync("default", CancellationToken.None)).IsReady);
        Assert.True((await readiness.GetAsync("default", CancellationToken.None)).IsReady);
        Assert.Equal(1, _resolver.Calls);

        _classes.Set(Class("default", generation: 2));
        var state = await readiness.GetAsync("default", CancellationToken.None);

        Assert.Equal((2, 2L), (_resolver.Calls, state.Generation));
    }

    [Fact]
    public async Task GetAsync_ConcurrentAskers_ShareOneResolution()
    {
        var readiness = Readiness();
        _classes.Set(Class("default", generation: 1));
        var answer = new TaskCompletionSource<Ec2NodeClassStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        _resolver.Next = _ => answer.Task;

        var first = readiness.GetAsync("default", CancellationToken.None);
        var second = readiness.GetAsync("default", CancellationToken.None);
        answer.SetResult(Ready);

        Assert.True((await first).IsReady && (await second).IsReady);
        Assert.Equal(1, _resolver.Calls);
    }

    [Fact]
    public async Task GetAsync_ResolutionFails_NotReadyWithTheErrorAndRetriedOnlyAfterRetryAfter()
    {
        var readiness = Readiness();
        _classes.Set(Class("default", generation: 1));
        _resolver.Next = _ => throw new CapacityException(CapacityErrorKind.Throttled, "Request limit exceeded");

        var failed = await readiness.GetAsync("default", CancellationToken.None);
        _time.Advance(_options.RetryAfter - TimeSpan.FromSeconds(1));
        await readiness.GetAsync("default", CancellationToken.None);

        Assert.Equal("EC2NodeClass 'default' is not ready: resolving failed: Request limit exceeded", failed.Problem);
        Assert.Equal(1, _resolver.Calls);

        _resolver.Next = _ => Task.FromResult(Ready);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await readiness.GetAsync("default", CancellationToken.None)).IsReady);
        Assert.Equal(2, _resolver.Calls);
    }

    [Fact]
    public async Task ResyncAsync_IntervalPassed_ResolvesAgainWhileGetAsyncKeepsTheKnownAnswer()
    {
        var readiness = Readiness();
        _classes.Set(Class("default", generation: 1));
        await readiness.GetAsync("default", CancellationToken.None);

        _time.Advance(_options.ResyncInterval);
        await readiness.GetAsync("default", CancellationToken.None);
        Assert.Equal(1, _resolver.Calls);

        await readiness.ResyncAsync("default", CancellationToken.None);
        Assert.Equal(2, _resolver.Calls);
    }

    [Fact]
    public async Task GetAsync_NoSuchClass_NotReadyAndNothingResolved()
    {
        var state = await Readiness().GetAsync("missing", CancellationToken.None);

        Assert.Equal("EC2NodeClass 'missing' does not exist", state.Problem);
        Assert.Equal(0, _resolver.Calls);
    }

    private NodeClassReadiness Readiness() => new(
        _classes, _resolver, new Lifetime(), Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<NodeClassReadiness>.Instance);

    private static EC2NodeClass Class(string name, long generation) => new()
    {
        Metadata = new() { Name = name, Uid = "uid-" + name, Generation = generation },
        Spec = new EC2NodeClassSpec { Role = "NodeRole" },
    };

    internal sealed class Resolver : IEc2NodeClassResolver
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Func<Ec2NodeClassSpec, Task<Ec2NodeClassStatus>> Next { get; set; } = _ => Task.FromResult(Ready);

        public Task<Ec2NodeClassStatus> ResolveAsync(Ec2NodeClassSpec spec, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Next(spec);
        }
    }

    private sealed class Classes : IObjectCache<EC2NodeClass>
    {
        public event Action? Changed;

        public IReadOnlyList<EC2NodeClass> Items { get; private set; } = [];

        public EC2NodeClass? Get(string name, string? @namespace = null) => Items.FirstOrDefault(c => c.Metadata.Name == name);

        public void Set(params EC2NodeClass[] items)
        {
            Items = items;
            Changed?.Invoke();
        }
    }

    internal sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
