using Extender.Core.Resources;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>API value shapes every mapper meets: resource maps and timestamps.</summary>
internal static class ApiValues
{
    /// <summary>A resource map as exact milli-units; a bad quantity throws <see cref="FormatException"/> naming the resource.</summary>
    public static ResourceList Resources(IDictionary<string, ResourceQuantity>? quantities) =>
        ResourceList.Parse(quantities?.Select(q => KeyValuePair.Create(SharedStrings.Share(q.Key), q.Value?.ToString() ?? "")));

    /// <summary>The client deserializes RFC 3339 times as unspecified-kind DateTimes that are in fact UTC.</summary>
    public static DateTimeOffset Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : default;
}
