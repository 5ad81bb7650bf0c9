using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// The Deployment controller's <c>pod-template-hash</c>: a 32-bit FNV-1a hash of the pod template (and the collision
/// count, when set), printed in decimal and mapped onto apimachinery's "safe" alphabet (no vowels, no 0/1/3), as
/// upstream's <c>ComputeHash</c> and <c>SafeEncodeString</c>. Upstream hashes a Go dump of the template; the sandbox
/// hashes its JSON, so the values differ from a real cluster's but follow the same rules.
/// </summary>
internal static class PodTemplateHash
{
    public const string Label = "pod-template-hash";
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template)))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        if (collisionCount is { } count)
        {
            foreach (var b in BitConverter.GetBytes((uint)count))
            {
                hash = unchecked((hash ^ b) * 16777619u);
            }
        }

        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    public static string SafeEncode(string value) => string.Concat(value.Select(c => Alphabet[c % Alphabet.Length]));
}
