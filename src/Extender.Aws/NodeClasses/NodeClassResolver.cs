using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Extender.Aws.Errors;
using Extender.Aws.Images;
using Extender.Aws.InstanceProfiles;
using Extender.Core.Capacity;
using Microsoft.Extensions.Options;

namespace Extender.Aws.NodeClasses;

/// <summary>
/// Resolves selectors to subnets (one per zone, the one with most free addresses), security groups and the newest
/// AMI per architecture (an alias through its SSM parameters); results are cached briefly because every launch needs them.
/// </summary>
internal sealed class NodeClassResolver(
    IAmazonEC2 ec2,
    Ec2Caller caller,
    SsmParameters ssm,
    IKubernetesVersion kubernetesVersion,
    ManagedInstanceProfiles profiles,
    TimeProvider time,
    IOptions<AwsCapacityOptions> options)
    : IEc2NodeClassResolver
{
    private static readonly string[] DefaultImageOwners = ["self", "amazon"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset At, Ec2NodeClassStatus Status)> _cache = new(StringComparer.Ordinal);

    public async Task<Ec2NodeClassStatus> ResolveAsync(Ec2NodeClassSpec spec, CancellationToken cancellationToken)
    {
        var key = JsonSerializer.Serialize(spec);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var hit) && now - hit.At < options.Value.NodeClassResolutionTtl)
            {
                return hit.Status;
            }
        }

        var status = await ResolveUncachedAsync(spec, cancellationToken);
        lock (_gate)
        {
            _cache[key] = (now, status);
        }

        return status;
    }

    private async Task<Ec2NodeClassStatus> ResolveUncachedAsync(Ec2NodeClassSpec spec, CancellationToken cancellationToken)
    {
        var conditions = new List<NodeClassCondition>();
        var subnets = await ResolvePartAsync("SubnetsReady", "subnet", spec.SubnetSelectorTerms, conditions, t => ResolveSubnetsAsync(t, cancellationToken));
        var groups = await ResolvePartAsync("SecurityGroupsReady", "security group", spec.SecurityGroupSelectorTerms, conditions, t => ResolveSecurityGroupsAsync(t, cancellationToken));
        var images = await ResolvePartAsync("AMIsReady", "AMI", spec.AmiSelectorTerms, conditions, t => ResolveImagesAsync(t, cancellationToken));
        var profile = await ResolveInstanceProfileAsync(spec, conditions, cancellationToken);
        var ready = conditions.All(c => c.Status);
        conditions.Add(new NodeClassCondition(Ec2NodeClassStatus.ReadyCondition, ready, ready ? "Ready" : "NotReady",
            ready ? "all selectors resolved" : string.Join("; ", conditions.Where(c => !c.Status).Select(c => c.Message))));
        return new Ec2NodeClassStatus(subnets, groups, images, profile, conditions);
    }

    /// <summary>
    /// <c>instanceProfile</c> names an existing profile, used as it is; <c>role</c> names an IAM role, for which the
    /// provisioner manages a profile (<see cref="ManagedInstanceProfiles"/>). Exactly one of the two, as Karpenter's CRD
    /// requires (checked here too: an API server that does not evaluate CEL rules lets both through).
    /// </summary>
    private async Task<string?> ResolveInstanceProfileAsync(Ec2NodeClassSpec spec, List<NodeClassCondition> conditions, CancellationToken cancellationToken)
    {
        const string Type = "InstanceProfileReady";
        switch (spec)
        {
            case { Role.Length: > 0, InstanceProfile.Length: > 0 }:
            case { Role: null or "", InstanceProfile: null or "" }:
                conditions.Add(new NodeClassCondition(Type, false, "InvalidSpec", "exactly one of spec.role and spec.instanceProfile must be set"));
                return null;
            case { InstanceProfile.Length: > 0 }:
                conditions.Add(new NodeClassCondition(Type, true, "Resolved", spec.InstanceProfile));
                return spec.InstanceProfile;
        }

        try
        {
            var name = await profiles.EnsureAsync(spec.Name, spec.Role!, spec.Tags, cancellationToken);
            conditions.Add(new NodeClassCondition(Type, true, "Resolved", $"{name} (managed, role {spec.Role})"));
            return name;
        }
        catch (CapacityException e) when (e.Kind is CapacityErrorKind.Configuration)
        {
            conditions.Add(new NodeClassCondition(Type, false, "ResolutionFailed", $"instance profile for role \"{spec.Role}\": {e.Message}"));
            return null;
        }
    }

    private static async Task<IReadOnlyList<T>> ResolvePartAsync<T>(
        string conditionType, string what, IReadOnlyList<SelectorTerm> terms, List<NodeClassCondition> conditions,
        Func<IReadOnlyList<SelectorTerm>, Task<IReadOnlyList<T>>> resolve)
    {
        if (terms.Count == 0)
        {
            conditions.Add(new NodeClassCondition(conditionType, false, "NoSelectorTerms", $"no {what} selector terms"));
            return [];
        }

        try
        {
            var found = await resolve(terms);
            conditions.Add(found.Count == 0
                ? new NodeClassCondition(conditionType, false, "NotFound", $"no {what} matches the selector terms")
                : new NodeClassCondition(conditionType, true, "Resolved", $"{found.Count} {what}(s)"));
            return found;
        }
        catch (CapacityException e) when (e.Kind is CapacityErrorKind.Configuration)
        {
            conditions.Add(new NodeClassCondition(conditionType, false, "ResolutionFailed", e.Message));
            return [];
        }
    }

    private async Task<IReadOnlyList<ResolvedSubnet>> ResolveSubnetsAsync(IReadOnlyList<SelectorTerm> terms, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, ResolvedSubnet>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var filters = RequireFilters(term, "subnet-id", null, "subnet");
            string? token = null;
            do
            {
                var request = new DescribeSubnetsRequest { Filters = filters, NextToken = token };
                var page = await caller.CallAsync("DescribeSubnets", ct => ec2.DescribeSubnetsAsync(request, ct), cancellationToken);
                foreach (var s in page.Subnets ?? [])
                {
                    all[s.SubnetId] = new ResolvedSubnet(s.SubnetId, s.AvailabilityZone, s.AvailableIpAddressCount ?? 0);
                }

                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }

        return all.Values
            .GroupBy(s => s.Zone, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.AvailableIpAddressCount).ThenBy(s => s.Id, StringComparer.Ordinal).First())
            .OrderBy(s => s.Zone, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<IReadOnlyList<string>> ResolveSecurityGroupsAsync(IReadOnlyList<SelectorTerm> terms, CancellationToken cancellationToken)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            var filters = RequireFilters(term, "group-id", "group-name", "security group");
            string? token = null;
            do
            {
                var request = new DescribeSecurityGroupsRequest { Filters = filters, NextToken = token };
                var page = await caller.CallAsync("DescribeSecurityGroups", ct => ec2.DescribeSecurityGroupsAsync(request, ct), cancellationToken);
                ids.UnionWith((page.SecurityGroups ?? []).Select(g => g.GroupId));
                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }

        return [.. ids];
    }

    private async Task<IReadOnlyList<ResolvedImage>> ResolveImagesAsync(IReadOnlyList<SelectorTerm> terms, CancellationToken cancellationToken)
    {
        var images = new List<ResolvedImage>();
        foreach (var term in terms)
        {
            var filters = term.Alias is { Length: > 0 } alias
                ? await AliasFiltersAsync(alias, cancellationToken)
                : RequireFilters(term with { Owner = null }, "image-id", "name", "AMI");
            filters.Add(new Filter("state", ["available"]));
            string? token = null;
            do
            {
                var request = new DescribeImagesRequest
                {
                    Filters = filters,
                    Owners = TrustedOwners(term),
                    NextToken = token,
                };
                var page = await caller.CallAsync("DescribeImages", ct => ec2.DescribeImagesAsync(request, ct), cancellationToken);
                images.AddRange((page.Images ?? [])
                    .Where(i => i.Architecture is not null && KubernetesArchitecture(i.Architecture.Value) is not null)
                    .Select(i => new ResolvedImage(i.ImageId, i.Name ?? "", KubernetesArchitecture(i.Architecture.Value)!, i.CreationDate ?? "") { RootDeviceName = i.RootDeviceName }));
                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }

        // Newest per architecture; ties broken by id so that two resolutions never disagree.
        return images
            .GroupBy(i => i.Architecture, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(i => i.CreationDate, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).First())
            .OrderBy(i => i.Architecture, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// An alias as Karpenter resolves it: the image ids its SSM parameters hold, for this cluster's Kubernetes version;
    /// an architecture without a parameter (Amazon Linux 2 after 1.32, a version not released for arm64) is skipped.
    /// </summary>
    private async Task<List<Filter>> AliasFiltersAsync(string alias, CancellationToken cancellationToken)
    {
        var parsed = AmiAlias.TryParse(alias)
            ?? throw new CapacityException(CapacityErrorKind.Configuration, $"amiSelectorTerms alias \"{alias}\" is not supported: expected family@version with family al2023, al2 or bottlerocket");
        var version = await kubernetesVersion.GetAsync(cancellationToken);
        var ids = new List<string>();
        foreach (var (_, parameter) in parsed.Parameters(version))
        {
            if (await ssm.GetAsync(parameter, parsed.IsLatest, cancellationToken) is { } id)
            {
                ids.Add(id);
            }
        }

        return ids.Count > 0
            ? [new Filter("image-id", ids)]
            : throw new CapacityException(CapacityErrorKind.Configuration, $"alias \"{alias}\" has no image for Kubernetes {version} (no SSM parameter {parsed.Parameters(version)[0].Parameter} or its arm64 sibling)");
    }

    /// <summary>
    /// Whose images a term may select. A term by name or tags without an <c>owner</c> looks only at this account's
    /// images and Amazon's (<c>self</c>, <c>amazon</c>), as Karpenter does: a public AMI of the same name from anyone
    /// else (names are not unique across accounts, and the newest wins) must never become a node that joins the
    /// cluster. An explicit <c>owner</c> (an account ID or alias) widens or narrows it; an <c>id</c> names one image
    /// and needs no owner.
    /// </summary>
    internal static List<string>? TrustedOwners(SelectorTerm term) => term switch
    {
        { Owner.Length: > 0 } => [term.Owner],
        { Id.Length: > 0 } or { Alias.Length: > 0 } => null,
        _ => [.. DefaultImageOwners],
    };

    public static string? KubernetesArchitecture(string ec2Architecture) => ec2Architecture switch
    {
        "x86_64" => "amd64",
        "arm64" => "arm64",
        _ => null,
    };

    private static List<Filter> RequireFilters(SelectorTerm term, string idFilter, string? nameFilter, string what) =>
        SelectorFilters.For(term, idFilter, nameFilter)
        ?? throw new CapacityException(CapacityErrorKind.Configuration, $"a {what} selector term has no id{(nameFilter is null ? "" : ", name")} or tags");
}
