using System.Xml.Linq;
using Extender.Sandbox.Ec2;


namespace Extender.Sandbox.Iam;

/// <summary>
/// The IAM Query API's instance-profile actions over the sandbox account (<c>?Action=...&amp;Version=2010-05-08</c>),
/// enforcing what IAM enforces for them: a profile name is unique, holds at most one role, the role must exist, and a
/// profile that still holds a role cannot be deleted.
/// </summary>
internal sealed class IamActions(SandboxEc2State state)
{
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    public (int Status, string Body) Answer(IReadOnlyDictionary<string, string> query)
    {
        var action = query.GetValueOrDefault("Action", "");
        try
        {
            lock (state.Gate)
            {
                return (200, action switch
                {
                    "GetInstanceProfile" => Get(query),
                    "CreateInstanceProfile" => Create(query),
                    "AddRoleToInstanceProfile" => AddRole(query),
                    "RemoveRoleFromInstanceProfile" => RemoveRole(query),
                    "DeleteInstanceProfile" => Delete(query),
                    "ListInstanceProfiles" => List(query),
                    _ => throw new Ec2ApiException("InvalidAction", $"Could not find operation {action} for version 2010-05-08"),
                });
            }
        }
        catch (Ec2ApiException e)
        {
            return (e.Status, Error(e.Code, e.Message, e.Status));
        }
    }

    private string Get(IReadOnlyDictionary<string, string> q) => Response("GetInstanceProfile", Profile(Find(q)));

    private string Create(IReadOnlyDictionary<string, string> q)
    {
        var name = Required(q, "InstanceProfileName");
        if (state.InstanceProfiles.ContainsKey(name))
        {
            throw new Ec2ApiException("EntityAlreadyExists", $"Instance Profile {name} already exists.", 409);
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; q.TryGetValue($"Tags.member.{i}.Key", out var key); i++)
        {
            tags[key] = q.GetValueOrDefault($"Tags.member.{i}.Value", "");
        }

        var profile = new SandboxInstanceProfile(name, q.GetValueOrDefault("Path", "/"), tags) { Role = null };
        state.InstanceProfiles[name] = profile;
        return Response("CreateInstanceProfile", Profile(profile));
    }

    private string AddRole(IReadOnlyDictionary<string, string> q)
    {
        var profile = Find(q);
        var role = Required(q, "RoleName");
        if (!state.Roles.Contains(role))
        {
            throw new Ec2ApiException("NoSuchEntity", $"The role with name {role} cannot be found.", 404);
        }

        if (profile.Role is not null)
        {
            throw new Ec2ApiException("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409);
        }

        state.InstanceProfiles[profile.Name] = profile with { Role = role };
        return Response("AddRoleToInstanceProfile");
    }

    private string RemoveRole(IReadOnlyDictionary<string, string> q)
    {
        var profile = Find(q);
        var role = Required(q, "RoleName");
        if (profile.Role != role)
        {
            throw new Ec2ApiException("NoSuchEntity", $"The role with name {role} cannot be found in instance profile {profile.Name}.", 404);
        }

        state.InstanceProfiles[profile.Name] = profile with { Role = null };
        return Response("RemoveRoleFromInstanceProfile");
    }

    private string Delete(IReadOnlyDictionary<string, string> q)
    {
        var profile = Find(q);
        if (profile.Role is not null)
        {
            throw new Ec2ApiException("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409);
        }

        state.InstanceProfiles.Remove(profile.Name);
        return Response("DeleteInstanceProfile");
    }

    private string List(IReadOnlyDictionary<string, string> q)
    {
        var prefix = q.GetValueOrDefault("PathPrefix", "/");
        var profiles = state.InstanceProfiles.Values.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(p => p.Name, StringComparer.Ordinal);
        return Response("ListInstanceProfiles",
            new XElement(Ns + "IsTruncated", "false"),
            new XElement(Ns + "InstanceProfiles", profiles.Select(p => new XElement(Ns + "member", ProfileContent(p)))));
    }

    private SandboxInstanceProfile Find(IReadOnlyDictionary<string, string> q)
    {
        var name = Required(q, "InstanceProfileName");
        return state.InstanceProfiles.TryGetValue(name, out var profile)
            ? profile
            : throw new Ec2ApiException("NoSuchEntity", $"Instance Profile {name} cannot be found.", 404);
    }

    private static string Required(IReadOnlyDictionary<string, string> q, string name) =>
        q.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new Ec2ApiException("ValidationError", $"{name} is required");

    private static XElement Profile(SandboxInstanceProfile p) => new(Ns + "InstanceProfile", ProfileContent(p));

    private static object[] ProfileContent(SandboxInstanceProfile p) =>
    [
        new XElement(Ns + "InstanceProfileName", p.Name),
        new XElement(Ns + "Path", p.Path),
        new XElement(Ns + "Arn", $"arn:aws:iam::123456789012:instance-profile{p.Path}{p.Name}"),
        new XElement(Ns + "Roles", p.Role is null ? null : new XElement(Ns + "member", new XElement(Ns + "RoleName", p.Role), new XElement(Ns + "Path", "/"))),
    ];

    private static string Response(string action, params object?[] result) =>
        new XElement(Ns + (action + "Response"),
            new XElement(Ns + (action + "Result"), result),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", Guid.NewGuid().ToString()))).ToString(SaveOptions.DisableFormatting);

    private static string Error(string code, string message, int status) =>
        new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error", new XElement(Ns + "Type", status >= 500 ? "Receiver" : "Sender"), new XElement(Ns + "Code", code), new XElement(Ns + "Message", message)),
            new XElement(Ns + "RequestId", Guid.NewGuid().ToString())).ToString(SaveOptions.DisableFormatting);
}
