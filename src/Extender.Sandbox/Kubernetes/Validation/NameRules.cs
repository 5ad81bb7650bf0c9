using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// Object names as kube-apiserver checks them: namespaces and Services are RFC 1123 labels (RFC 1035 for Services),
/// most other kinds RFC 1123 subdomains, and RBAC objects and Events any path segment (they may hold <c>:</c>).
/// Messages are apimachinery's, word for word.
/// </summary>
internal static partial class NameRules
{
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public static IEnumerable<FieldError> Check(ApiResource resource, string name)
    {
        var value = JsonValue.Create(name);
        switch (resource.Kind)
        {
            case "Namespace":
                if (name.Length > 63)
                {
                    yield return FieldError.Invalid("metadata.name", value, "must be no more than 63 characters");
                }
                else if (!Label().IsMatch(name))
                {
                    yield return FieldError.Invalid("metadata.name", value, LabelMessage);
                }

                break;
            case "Service":
                if (!Dns1035().IsMatch(name) || name.Length > 63)
                {
                    yield return FieldError.Invalid("metadata.name", value, Dns1035Message);
                }

                break;
            case "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding" or "Event":
                if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal))
                {
                    yield return FieldError.Invalid("metadata.name", value, $"may not contain '/' or '%' and may not be '.' or '..'");
                }

                break;
            default:
                if (name.Length > 253)
                {
                    yield return FieldError.Invalid("metadata.name", value, "must be no more than 253 characters");
                }
                else if (!Subdomain().IsMatch(name))
                {
                    yield return FieldError.Invalid("metadata.name", value, SubdomainMessage);
                }

                break;
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();
}
