using System.Globalization;
using Extender.Core.Cluster;

namespace Extender.TestKit.Builders;

/// <summary>Short forms for selector requirements: <c>Expr.In("topology.kubernetes.io/zone", "us-east-1a")</c>.</summary>
public static class Expr
{
    public static NodeSelectorRequirement In(string key, params string[] values) => new(key, "In", values);

    public static NodeSelectorRequirement NotIn(string key, params string[] values) => new(key, "NotIn", values);

    public static NodeSelectorRequirement Exists(string key) => new(key, "Exists", []);

    public static NodeSelectorRequirement DoesNotExist(string key) => new(key, "DoesNotExist", []);

    public static NodeSelectorRequirement Gt(string key, long value) => new(key, "Gt", [value.ToString(CultureInfo.InvariantCulture)]);

    public static NodeSelectorRequirement Lt(string key, long value) => new(key, "Lt", [value.ToString(CultureInfo.InvariantCulture)]);
}
