using System.Security.Cryptography;
using System.Text;
using Extender.Aws.Errors;
using Extender.Aws.Instances;
using Extender.Core.Capacity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Aws.InstanceProfiles;

/// <summary>
/// The instance profiles the provisioner manages for EC2NodeClasses that name a <c>role</c>, as Karpenter manages
/// them: one per class, named from the cluster, region and class (so every replica and every restart finds the same
/// one), under the path <c>/extender/REGION/CLUSTER/</c>, tagged with the cluster and class tags the IAM policy's
/// conditions test; the role added (replacing another one), reused while it holds the role, deleted once its class is
/// gone. What was ensured is remembered for 15 minutes (Karpenter's <c>InstanceProfileTTL</c>).
/// </summary>
internal sealed class ManagedInstanceProfiles(
    IamClient iam, Ec2Caller caller, TimeProvider time, IOptions<AwsCapacityOptions> options, ILogger<ManagedInstanceProfiles> logger)
    : IManagedInstanceProfiles
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Role, DateTimeOffset Until)> _ensured = new(StringComparer.Ordinal);

    private AwsCapacityOptions Settings => options.Value;

    public string Path => $"/extender/{Settings.Region}/{Settings.ClusterName}/";

    /// <summary>
    /// <c>CLUSTER_HASH</c>: IAM allows 128 characters of <c>[\w+=,.@-]</c>; the hash of region and class keeps two
    /// classes, and one class in two regions, apart.
    /// </summary>
    public string NameFor(string nodeClass)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Settings.Region + "/" + nodeClass));
        var prefix = Settings.ClusterName.Length > 100 ? Settings.ClusterName[..100] : Settings.ClusterName;
        return $"{prefix}_{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }

    /// <summary>The profile's name, once it exists and holds <paramref name="role"/>.</summary>
    public async Task<string> EnsureAsync(string nodeClass, string role, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var name = NameFor(nodeClass);

        // A role given as a path or ARN is added by its name, as IAM takes it (Karpenter trims it the same way).
        var roleName = role[(role.LastIndexOf('/') + 1)..];
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_ensured.TryGetValue(name, out var known) && known.Role == roleName && now < known.Until)
            {
                return name;
            }
        }

        var roles = await RolesAsync(name, cancellationToken) ?? await CreateAsync(name, nodeClass, tags, cancellationToken);
        if (!roles.SequenceEqual([roleName], StringComparer.Ordinal))
        {
            foreach (var other in roles)
            {
                await CallAsync("RemoveRoleFromInstanceProfile", [("InstanceProfileName", name), ("RoleName", other)], cancellationToken);
            }

            try
            {
                await CallAsync("AddRoleToInstanceProfile", [("InstanceProfileName", name), ("RoleName", roleName)], cancellationToken);
            }
            catch (CapacityException e) when (e.Kind == CapacityErrorKind.NotFound)
            {
                throw new CapacityException(CapacityErrorKind.Configuration, $"role \"{roleName}\" does not exist (AddRoleToInstanceProfile: {e.Message})", inner: e);
            }

            AwsLog.InstanceProfileRoleSet(logger, name, roleName);
        }

        lock (_gate)
        {
            _ensured[name] = (roleName, now + Ttl);
        }

        return name;
    }

    public async Task<int> DeleteAllButAsync(IReadOnlySet<string> nodeClasses, CancellationToken cancellationToken)
    {
        var keep = nodeClasses.Select(NameFor).ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        string? marker = null;
        do
        {
            List<(string, string)> parameters = [("PathPrefix", Path)];
            if (marker is not null)
            {
                parameters.Add(("Marker", marker));
            }

            var page = await CallAsync("ListInstanceProfiles", parameters, cancellationToken);
            foreach (var profile in Members(page, "InstanceProfiles"))
            {
                var name = IamClient.Child(profile, "InstanceProfileName") ?? "";
                if (keep.Contains(name))
                {
                    continue;
                }

                foreach (var role in Roles(profile))
                {
                    await IgnoreNotFoundAsync(CallAsync("RemoveRoleFromInstanceProfile", [("InstanceProfileName", name), ("RoleName", role)], cancellationToken));
                }

                await IgnoreNotFoundAsync(CallAsync("DeleteInstanceProfile", [("InstanceProfileName", name)], cancellationToken));
                lock (_gate)
                {
                    _ensured.Remove(name);
                }

                AwsLog.InstanceProfileDeleted(logger, name);
                deleted++;
            }

            marker = IamClient.Child(page, "IsTruncated") == "true" ? IamClient.Child(page, "Marker") : null;
        }
        while (marker is not null);

        return deleted;
    }

    /// <summary>The roles the profile holds; null when it does not exist.</summary>
    private async Task<List<string>?> RolesAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("GetInstanceProfile", [("InstanceProfileName", name)], cancellationToken);
            return Roles(result.Elements().First(e => e.Name.LocalName == "InstanceProfile"));
        }
        catch (CapacityException e) when (e.Kind == CapacityErrorKind.NotFound)
        {
            return null;
        }
    }

    private async Task<List<string>> CreateAsync(string name, string nodeClass, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        List<(string, string)> parameters = [("InstanceProfileName", name), ("Path", Path)];
        var all = Ec2Tags.Merge(Settings.ClusterName, tags, new Dictionary<string, string>
        {
            [Ec2Tags.NodeClass] = nodeClass,
            ["topology.kubernetes.io/region"] = Settings.Region,
        });
        var i = 1;
        foreach (var (key, value) in all.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            parameters.Add(($"Tags.member.{i}.Key", key));
            parameters.Add(($"Tags.member.{i}.Value", value));
            i++;
        }

        try
        {
            await CallAsync("CreateInstanceProfile", parameters, cancellationToken);
            AwsLog.InstanceProfileCreated(logger, name, nodeClass);
            return [];
        }
        catch (CapacityException e) when (e.InnerException is Amazon.Runtime.AmazonServiceException { ErrorCode: "EntityAlreadyExists" })
        {
            // Another replica created it between our read and our create.
            return await RolesAsync(name, cancellationToken) ?? [];
        }
    }

    private Task<System.Xml.Linq.XElement> CallAsync(string action, IReadOnlyList<(string, string)> parameters, CancellationToken cancellationToken) =>
        caller.CallAsync(action, ct => iam.CallAsync(action, parameters, ct), cancellationToken);

    private static async Task IgnoreNotFoundAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (CapacityException e) when (e.Kind == CapacityErrorKind.NotFound)
        {
            // Already gone is what we wanted.
        }
    }

    private static List<string> Roles(System.Xml.Linq.XElement profile) =>
        [.. Members(profile, "Roles").Select(r => IamClient.Child(r, "RoleName") ?? "").Where(r => r.Length > 0)];

    private static IEnumerable<System.Xml.Linq.XElement> Members(System.Xml.Linq.XElement parent, string list) =>
        parent.Elements().Where(e => e.Name.LocalName == list).SelectMany(l => l.Elements().Where(m => m.Name.LocalName == "member"));
}
