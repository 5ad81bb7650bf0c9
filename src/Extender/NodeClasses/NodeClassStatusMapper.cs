using Extender.Aws.NodeClasses;
using Extender.Core.Catalog;
using Extender.Kubernetes.CustomResources;

namespace Extender.NodeClasses;

/// <summary>A resolution as the EC2NodeClass's <c>status</c>, in the fields Karpenter's EC2NodeClass has.</summary>
internal static class NodeClassStatusMapper
{
    public static EC2NodeClassStatus ToResource(Ec2NodeClassStatus status, long generation, EC2NodeClassStatus? previous, DateTimeOffset now) => new()
    {
        Subnets = [.. status.Subnets.Select(s => new EC2NodeClassResolvedSubnet { Id = s.Id, Zone = s.Zone })],
        SecurityGroups = [.. status.SecurityGroupIds.Select(id => new EC2NodeClassResolvedSecurityGroup { Id = id })],

        // Kept with the architecture each image serves: drift compares launched nodes against these.
        Amis = [.. status.Images.Select(i => new EC2NodeClassResolvedAmi
        {
            Id = i.Id,
            Name = i.Name,
            Requirements = [new NodeClaimRequirement { Key = WellKnownLabels.Arch, Operator = "In", Values = [i.Architecture] }],
        })],
        InstanceProfile = status.InstanceProfile,
        Conditions = [.. status.Conditions.Select(c =>
        {
            var before = previous?.Conditions?.FirstOrDefault(p => p.Type == c.Type);
            return new CustomResourceCondition
            {
                Type = c.Type,
                Status = StatusConditions.ToApi(c.Status),
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = StatusConditions.TransitionTime(c.Status, before?.Status, before?.LastTransitionTime, now),
                ObservedGeneration = generation,
            };
        })],
    };
}
