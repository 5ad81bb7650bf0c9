using Amazon.EC2;
using Amazon.EC2.Model;
using Extender.Aws.Errors;
using Extender.Core.Interruption;

namespace Extender.Aws.Instances;

/// <summary>
/// <see cref="IInstanceStatusSource"/> over <c>DescribeInstanceStatus</c>. The call takes no tag filter, so it asks
/// only for impaired instances (one call per check, as filters of different names would both have to hold) and the
/// caller keeps the ones that are its NodeClaims'. A healthy account answers with empty pages.
/// </summary>
internal sealed class Ec2InstanceStatusSource(IAmazonEC2 ec2, Ec2Caller caller) : IInstanceStatusSource
{
    private static readonly (string Filter, string Check)[] Checks = [("instance-status.status", "instance"), ("system-status.status", "system")];

    public async Task<IReadOnlyList<ImpairedInstance>> ListImpairedAsync(CancellationToken cancellationToken)
    {
        var failing = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (filter, check) in Checks)
        {
            string? token = null;
            do
            {
                var request = new DescribeInstanceStatusRequest
                {
                    Filters = [new Filter(filter, ["impaired"]), new Filter("instance-state-name", ["running"])],
                    MaxResults = 1000,
                    NextToken = token,
                };
                var page = await caller.CallAsync("DescribeInstanceStatus", ct => ec2.DescribeInstanceStatusAsync(request, ct), cancellationToken);
                foreach (var status in page.InstanceStatuses ?? [])
                {
                    if (!failing.TryGetValue(status.InstanceId, out var checks))
                    {
                        failing[status.InstanceId] = checks = [];
                    }

                    checks.Add(check);
                }

                token = page.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }

        return [.. failing.Select(f => new ImpairedInstance(f.Key, string.Join('+', f.Value)))];
    }
}
