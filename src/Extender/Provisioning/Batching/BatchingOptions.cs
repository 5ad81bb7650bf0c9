using System.ComponentModel.DataAnnotations;

namespace Extender.Provisioning.Batching;

/// <summary>How pending pods are gathered into one plan (section <c>Provisioner:Batching</c>).</summary>
internal sealed class BatchingOptions : IValidatableObject
{
    public const string Section = "Provisioner:Batching";

    /// <summary>
    /// A batch closes when no pod arrived for this long, so a lone pod is not kept waiting. Short on purpose: a
    /// controller creates a burst in rounds (1, 2, 4, … pods), and a round that comes later than this is planned as its
    /// own batch, which fills the capacity already in flight before it buys more, instead of holding back the pods
    /// that came first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan IdleWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>A batch closes this long after its first pod however busy the stream, so a burst cannot starve it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxWindow < IdleWindow)
        {
            yield return new ValidationResult($"MaxWindow ({MaxWindow}) must not be shorter than IdleWindow ({IdleWindow})", [nameof(MaxWindow)]);
        }
    }
}
