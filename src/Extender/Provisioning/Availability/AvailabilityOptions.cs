using System.ComponentModel.DataAnnotations;

namespace Extender.Provisioning.Availability;

/// <summary>How long an offering the cloud could not fill is avoided (section <c>Provisioner:Availability</c>).</summary>
internal sealed class AvailabilityOptions
{
    public const string Section = "Provisioner:Availability";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UnavailableOfferingTtl { get; set; } = TimeSpan.FromMinutes(3);
}
