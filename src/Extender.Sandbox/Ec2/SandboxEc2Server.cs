using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Ec2;

/// <summary>
/// A stateful subset of the EC2 Query API on 127.0.0.1, enough for the provisioner: catalog, network, images, launch
/// templates, instant fleets, instances. <code>await using var ec2 = await SandboxEc2Server.StartAsync(options, ct);</code>
/// Point the SDK at <see cref="Url"/>; any credentials are accepted. Subnets, the security group and the images carry
/// the tag <c>provisioning.extender.io/discovery=sandbox</c>.
/// </summary>
public sealed class SandboxEc2Server : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxEc2State _state;
    private readonly InstanceActions _instances;
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Ec2Form, string>> _actions;

    private SandboxEc2Server(WebApplication app, SandboxEc2Options options)
    {
        _app = app;
        _state = new SandboxEc2State(options);
        Faults = new SandboxEc2Faults(options.TimeProvider, options.Seed);
        _instances = new InstanceActions(_state, Faults);
        _instances.Started += i => InstanceStarted?.Invoke(this, i);
        _instances.Terminated += i => InstanceTerminated?.Invoke(this, i);
        var catalog = new CatalogActions(_state);
        var network = new NetworkActions(_state);
        var templates = new LaunchTemplateActions(_state);
        _actions = new Dictionary<string, Func<Ec2Form, string>>(StringComparer.Ordinal)
        {
            ["DescribeAvailabilityZones"] = _ => catalog.DescribeAvailabilityZones(),
            ["DescribeInstanceTypes"] = catalog.DescribeInstanceTypes,
            ["DescribeInstanceTypeOfferings"] = catalog.DescribeInstanceTypeOfferings,
            ["DescribeSpotPriceHistory"] = catalog.DescribeSpotPriceHistory,
            ["DescribeSubnets"] = network.DescribeSubnets,
            ["DescribeSecurityGroups"] = network.DescribeSecurityGroups,
            ["DescribeImages"] = network.DescribeImages,
            ["CreateLaunchTemplate"] = templates.Create,
            ["DescribeLaunchTemplates"] = templates.Describe,
            ["DeleteLaunchTemplate"] = templates.Delete,
            ["CreateFleet"] = _instances.CreateFleet,
            ["DescribeInstances"] = _instances.DescribeInstances,
            ["TerminateInstances"] = _instances.TerminateInstances,
        };
    }

    /// <summary>Raised after an instance is launched (outside the sandbox's lock; handlers may call back in).</summary>
    public event EventHandler<SandboxInstance>? InstanceStarted;

    /// <summary>Raised once when an instance is terminated.</summary>
    public event EventHandler<SandboxInstance>? InstanceTerminated;

    public Uri Url { get; private set; } = null!;

    public SandboxEc2Faults Faults { get; }

    /// <summary>Calls received per Action, throttled and failed ones included.</summary>
    public IReadOnlyDictionary<string, long> CallCounts => new SortedDictionary<string, long>(_calls, StringComparer.Ordinal);

    public IReadOnlyList<SandboxInstance> Instances
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.Instances];
            }
        }
    }

    public IReadOnlyList<string> LaunchTemplateNames
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.LaunchTemplates.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public static async Task<SandboxEc2Server> StartAsync(SandboxEc2Options options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, options.Port));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        var server = new SandboxEc2Server(app, options);
        app.MapPost("/", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>What an instance of <paramref name="instanceType"/> costs per hour as <paramref name="capacityType"/>; null when not sold so.</summary>
    public decimal? PricePerHour(string instanceType, string capacityType) => _state.Price(instanceType, capacityType);

    /// <summary>
    /// Publishes a new image with the sandbox's discovery tag, as a new AMI release appears: selectors that take the
    /// newest image of an architecture pick it from their next resolution on.
    /// </summary>
    public void PublishImage(string id, string name, string architecture, DateTimeOffset created)
    {
        lock (_state.Gate)
        {
            var tags = new Dictionary<string, string> { [SandboxEc2State.DiscoveryTag] = "sandbox" };
            _state.Images = [.. _state.Images, new SandboxEc2State.Image(id, name, architecture, created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), tags)];
        }
    }

    /// <summary>Removes a launch template as if someone deleted it in the console.</summary>
    public bool DeleteLaunchTemplate(string name)
    {
        lock (_state.Gate)
        {
            return _state.LaunchTemplates.Remove(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var ec2Form = new Ec2Form(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        var action = ec2Form.Action;
        _calls.AddOrUpdate(action, 1, static (_, n) => n + 1);
        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, context.RequestAborted);
        }

        var (status, body) = Answer(action, ec2Form);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private (int Status, string Body) Answer(string action, Ec2Form form)
    {
        if (!_actions.TryGetValue(action, out var handler))
        {
            return (400, Ec2Xml.Error("InvalidAction", $"The action {action} is not valid for this web service."));
        }

        if (Faults.ShouldThrottle())
        {
            return (503, Ec2Xml.Error("RequestLimitExceeded", "Request limit exceeded."));
        }

        try
        {
            return (200, handler(form));
        }
        catch (Ec2ApiException e)
        {
            return (e.Status, Ec2Xml.Error(e.Code, e.Message));
        }
    }
}
