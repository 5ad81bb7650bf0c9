using System.Globalization;
using System.Xml.Linq;
using static Extender.Sandbox.Ec2.Ec2Xml;

namespace Extender.Sandbox.Ec2;

/// <summary>CreateFleet (instant), DescribeInstances, TerminateInstances; reports instance starts and terminations.</summary>
internal sealed class InstanceActions(SandboxEc2State state, SandboxEc2Faults faults)
{
    public event Action<SandboxInstance>? Started;

    public event Action<SandboxInstance>? Terminated;

    public string CreateFleet(Ec2Form form)
    {
        if (form.Get("Type") != "instant")
        {
            throw new Ec2ApiException("InvalidParameterValue", "the sandbox only serves fleets of type 'instant'");
        }

        var token = form.Get("ClientToken");
        var capacityType = form.Get("TargetCapacitySpecification.DefaultTargetCapacityType") ?? "on-demand";
        var wanted = form.GetInt("TargetCapacitySpecification.TotalTargetCapacity") ?? 1;
        var launched = new List<SandboxInstance>();
        string body;
        lock (state.Gate)
        {
            // Same client token, same answer: a retried request must not buy a second instance.
            if (token is not null && state.FleetResponses.TryGetValue(token, out var previous))
            {
                return previous;
            }

            var errors = new List<XElement>();
            foreach (var candidate in Candidates(form, capacityType))
            {
                if (launched.Count == wanted)
                {
                    break;
                }

                // EC2 checks the profile when it launches, not when the template is created.
                if (candidate.Template.InstanceProfile is { } profile && !state.InstanceProfiles.ContainsKey(profile))
                {
                    errors.Add(FleetError(candidate, capacityType, "InvalidParameterValue",
                        $"Value ({profile}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"));
                    continue;
                }

                if (!faults.HasCapacity(candidate.Type, candidate.Subnet.Zone, capacityType))
                {
                    errors.Add(FleetError(candidate, capacityType, "InsufficientInstanceCapacity",
                        $"We currently do not have sufficient {candidate.Type} capacity in the Availability Zone you requested ({candidate.Subnet.Zone})."));
                    continue;
                }

                var instance = NewInstance(candidate, capacityType, form.Tags("instance"));
                state.Instances.Add(instance);
                launched.Add(instance);
            }

            body = Response("CreateFleet",
                E("fleetId", state.NewId("fleet-")),
                Set("errorSet", errors),
                Set("fleetInstanceSet", launched.GroupBy(i => (i.InstanceType, i.SubnetId)).Select(g => (object)E("item",
                    Set("instanceIds", g.Select(i => (object)i.InstanceId)),
                    E("instanceType", g.Key.InstanceType),
                    E("lifecycle", capacityType),
                    LaunchTemplateAndOverrides(g.First().Tags.GetValueOrDefault("aws:ec2launchtemplate:name") ?? "", g.Key.InstanceType, g.Key.SubnetId)))));
            if (token is not null)
            {
                state.FleetResponses[token] = body;
            }
        }

        foreach (var instance in launched)
        {
            Started?.Invoke(instance);
        }

        return body;
    }

    public string DescribeInstances(Ec2Form form)
    {
        var filters = form.Filters();
        var ids = form.List("InstanceId");
        List<SandboxInstance> instances;
        lock (state.Gate)
        {
            instances = [.. state.Instances.Where(i => (ids.Count == 0 || ids.Contains(i.InstanceId)) && Ec2Filters.Match(filters, i.Tags, name => name switch
            {
                "instance-id" => i.InstanceId,
                "instance-state-name" => i.State,
                "instance-type" => i.InstanceType,
                "availability-zone" => i.Zone,
                "subnet-id" => i.SubnetId,
                _ => null,
            }))];
        }

        if (ids.Count > 0 && instances.Count < ids.Distinct(StringComparer.Ordinal).Count())
        {
            var missing = ids.First(id => instances.All(i => i.InstanceId != id));
            throw new Ec2ApiException("InvalidInstanceID.NotFound", $"The instance ID '{missing}' does not exist");
        }

        var (page, next) = Page(instances, form, 1000);
        return Response("DescribeInstances",
            Set("reservationSet", page.Count == 0 ? [] : [E("item", E("reservationId", "r-0sandbox"), E("ownerId", "123456789012"), Set("instancesSet", page.Select(i => (object)Instance(i))))]),
            NextToken(next));
    }

    /// <summary>
    /// Status checks of running instances (stopped and terminated ones only with <c>IncludeAllInstances</c>, as EC2),
    /// filtered by state, zone, id and either check's status.
    /// </summary>
    public string DescribeInstanceStatus(Ec2Form form)
    {
        var filters = form.Filters();
        var ids = form.List("InstanceId");
        var all = string.Equals(form.Get("IncludeAllInstances"), "true", StringComparison.OrdinalIgnoreCase);
        List<SandboxInstance> instances;
        lock (state.Gate)
        {
            instances = [.. state.Instances.Where(i => (all || i.State == "running") && (ids.Count == 0 || ids.Contains(i.InstanceId)) && Ec2Filters.Match(filters, i.Tags, name => name switch
            {
                "instance-id" => i.InstanceId,
                "instance-state-name" => i.State,
                "availability-zone" => i.Zone,
                "instance-status.status" => i.InstanceStatus,
                "system-status.status" => i.SystemStatus,
                _ => null,
            }))];
        }

        var (page, next) = Page(instances, form, 1000);
        return Response("DescribeInstanceStatus",
            Set("instanceStatusSet", page.Select(i => (object)E("item",
                E("instanceId", i.InstanceId),
                E("availabilityZone", i.Zone),
                E("instanceState", StateCode(i.State)),
                E("systemStatus", Summary(i.SystemStatus)),
                E("instanceStatus", Summary(i.InstanceStatus)),
                Set("eventsSet", [])))),
            NextToken(next));

        static object[] Summary(string status) =>
            [E("status", status), Set("details", [E("item", E("name", "reachability"), E("status", status == "impaired" ? "failed" : "passed"))])];
    }

    /// <summary>Sets an instance's status checks, as a failing host or a hung kernel would.</summary>
    public void SetStatus(string instanceId, string instanceStatus, string systemStatus)
    {
        lock (state.Gate)
        {
            var index = state.Instances.FindIndex(i => i.InstanceId == instanceId);
            if (index < 0)
            {
                throw new InvalidOperationException($"the sandbox has no instance '{instanceId}'");
            }

            state.Instances[index] = state.Instances[index] with { InstanceStatus = instanceStatus, SystemStatus = systemStatus };
        }
    }

    public string TerminateInstances(Ec2Form form)
    {
        var ids = form.List("InstanceId");
        var changes = new List<(SandboxInstance Before, SandboxInstance After)>();
        lock (state.Gate)
        {
            foreach (var id in ids)
            {
                var index = state.Instances.FindIndex(i => i.InstanceId == id);
                if (index < 0)
                {
                    throw new Ec2ApiException("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist");
                }

                var before = state.Instances[index];
                var after = before with { State = "terminated" };
                state.Instances[index] = after;
                changes.Add((before, after));
            }
        }

        foreach (var (before, after) in changes.Where(c => c.Before.State != "terminated"))
        {
            Terminated?.Invoke(after);
        }

        return Response("TerminateInstances", Set("instancesSet", changes.Select(c => (object)E("item",
            E("instanceId", c.After.InstanceId),
            E("currentState", StateCode(c.Before.State == "terminated" ? "terminated" : "shutting-down")),
            E("previousState", StateCode(c.Before.State))))));
    }

    /// <summary>Overrides in the order the allocation strategy tries them: cheapest first, then as given.</summary>
    private List<Candidate> Candidates(Ec2Form form, string capacityType)
    {
        var candidates = new List<Candidate>();
        foreach (var i in form.Indexes("LaunchTemplateConfigs", "LaunchTemplateSpecification.LaunchTemplateName")
                     .Concat(form.Indexes("LaunchTemplateConfigs", "LaunchTemplateSpecification.LaunchTemplateId")).Distinct())
        {
            var prefix = $"LaunchTemplateConfigs.{i}";
            var name = form.Get($"{prefix}.LaunchTemplateSpecification.LaunchTemplateName");
            var id = form.Get($"{prefix}.LaunchTemplateSpecification.LaunchTemplateId");
            var template = state.LaunchTemplates.Values.FirstOrDefault(t => t.Name == name || t.Id == id)
                ?? throw new Ec2ApiException("InvalidLaunchTemplateName.NotFoundException", $"The specified launch template, with template name {name ?? id}, does not exist.");
            foreach (var j in form.Indexes($"{prefix}.Overrides", "InstanceType"))
            {
                var type = form.Get($"{prefix}.Overrides.{j}.InstanceType")!;
                var subnetId = form.Get($"{prefix}.Overrides.{j}.SubnetId");
                var subnet = state.Subnets.FirstOrDefault(s => s.Id == subnetId)
                    ?? throw new Ec2ApiException("InvalidSubnetID.NotFound", $"The subnet ID '{subnetId}' does not exist");
                var price = state.Price(type, capacityType)
                    ?? throw new Ec2ApiException("InvalidParameterValue", $"instance type '{type}' is not sold as {capacityType} in the sandbox");
                candidates.Add(new Candidate(template, type, subnet, price, candidates.Count));
            }
        }

        return [.. candidates.OrderBy(c => c.Price).ThenBy(c => c.Order)];
    }

    private SandboxInstance NewInstance(Candidate candidate, string capacityType, Dictionary<string, string> tags)
    {
        var number = state.Instances.Count + 1;
        tags["aws:ec2launchtemplate:name"] = candidate.Template.Name;
        tags["aws:ec2launchtemplate:id"] = candidate.Template.Id;
        return new SandboxInstance(
            state.NewId("i-"), candidate.Type, candidate.Subnet.Zone, candidate.Subnet.Id, capacityType, candidate.Template.ImageId,
            string.Create(CultureInfo.InvariantCulture, $"10.0.{number / 250 % 250}.{(number % 250) + 4}"),
            state.Options.TimeProvider.GetUtcNow(), tags)
        {
            UserData = candidate.Template.UserData,
            SecurityGroupIds = candidate.Template.SecurityGroupIds,
        };
    }

    private static XElement FleetError(Candidate c, string capacityType, string code, string message) => E("item",
        LaunchTemplateAndOverrides(c.Template.Name, c.Type, c.Subnet.Id), E("lifecycle", capacityType), E("errorCode", code), E("errorMessage", message));

    private static XElement LaunchTemplateAndOverrides(string template, string type, string subnet) => E("launchTemplateAndOverrides",
        E("launchTemplateSpecification", E("launchTemplateName", template), E("version", "$Latest")),
        E("overrides", E("instanceType", type), E("subnetId", subnet)));

    private static XElement Instance(SandboxInstance i) => E("item",
        E("instanceId", i.InstanceId),
        E("imageId", i.ImageId),
        E("instanceState", StateCode(i.State)),
        E("privateDnsName", i.PrivateDnsName),
        E("instanceType", i.InstanceType),
        E("launchTime", i.LaunchTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
        E("placement", E("availabilityZone", i.Zone)),
        E("subnetId", i.SubnetId),
        E("vpcId", "vpc-0sandbox"),
        Set("groupSet", i.SecurityGroupIds.Select(g => (object)E("item", E("groupId", g)))),
        E("privateIpAddress", i.PrivateIp),
        i.CapacityType == "spot" ? E("instanceLifecycle", "spot") : null,
        Tags(i.Tags));

    private static object[] StateCode(string state) =>
    [
        E("code", state switch { "pending" => 0, "running" => 16, "shutting-down" => 32, "terminated" => 48, "stopping" => 64, _ => 80 }),
        E("name", state),
    ];

    private sealed record Candidate(SandboxEc2State.LaunchTemplate Template, string Type, SandboxEc2State.Subnet Subnet, decimal Price, int Order);
}
