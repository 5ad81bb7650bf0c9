using System.Collections.Concurrent;
using Extender.Sandbox.Iam;
using Extender.Sandbox.Ssm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Ec2;

/// <summary>
/// A stateful subset of the EC2 Query API on 127.0.0.1, enough for the provisioner: catalog, network, images, launch
/// templates, instant fleets, instances; and on the same address SSM's <c>GetParameter</c> for the public EKS image
/// parameters and IAM's instance-profile actions (one local endpoint for the AWS services, as LocalStack serves them). <code>await using var ec2 = await SandboxEc2Server.StartAsync(options, ct);</code>
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
    private readonly IamActions _iam;

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
        _iam = new IamActions(_state);
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
            ["DescribeInstanceStatus"] = _instances.DescribeInstanceStatus,
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

    /// <summary>The IAM instance profiles of the sandbox account, by name.</summary>
    public IReadOnlyList<SandboxInstanceProfile> InstanceProfiles
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.InstanceProfiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
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
        var app = LoopbackApp.Build(options.Port);
        var server = new SandboxEc2Server(app, options);
        app.MapPost("/", server.HandleAsync);
        app.MapGet("/", server.HandleIamAsync);
        server.Url = await LoopbackApp.StartAsync(app, cancellationToken);
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

    /// <summary>Terminates an instance as EC2 does when it takes spot capacity back; raises <see cref="InstanceTerminated"/> as TerminateInstances does.</summary>
    public void Reclaim(string instanceId) => _instances.TerminateInstances(new Ec2Form(new Dictionary<string, string> { ["InstanceId.1"] = instanceId }));

    /// <summary>Fails an instance's status check (the system check when <paramref name="system"/>), or passes both again with <paramref name="impaired"/> false.</summary>
    public void Impair(string instanceId, bool impaired = true, bool system = false) =>
        _instances.SetStatus(instanceId, impaired && !system ? "impaired" : "ok", impaired && system ? "impaired" : "ok");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers["X-Amz-Target"].ToString() is { } target && target.StartsWith(SsmActions.TargetPrefix, StringComparison.Ordinal))
        {
            await HandleSsmAsync(context, target[SsmActions.TargetPrefix.Length..]);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var ec2Form = new Ec2Form(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        var action = ec2Form.Action;
        _calls.AddOrUpdate(action, 1, static (_, n) => n + 1);
        if (Faults.Delay() is var delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        var (status, body) = Answer(action, ec2Form);
        var held = status == 200 ? Faults.TakeHeld(action) : null;
        if (held is not null || (status == 200 && Faults.ShouldLoseAnswer(action)))
        {
            if (held is not null)
            {
                await held();
            }

            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>IAM's Query API, sent as GET (the only GETs this endpoint answers).</summary>
    private async Task HandleIamAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var action = query.GetValueOrDefault("Action", "");
        _calls.AddOrUpdate(action, 1, static (_, n) => n + 1);
        var (status, body) = Faults.ShouldThrottle()
            ? (400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>")
            : _iam.Answer(query);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>SSM's JSON protocol, told apart from EC2's form posts by its <c>X-Amz-Target</c> header.</summary>
    private async Task HandleSsmAsync(HttpContext context, string action)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _calls.AddOrUpdate(action, 1, static (_, n) => n + 1);
        var (status, answer) = Faults.ShouldThrottle()
            ? (400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            : SsmActions.Answer(action, body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(answer, context.RequestAborted);
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
