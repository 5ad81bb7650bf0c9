namespace Extender.Aws.Errors;

/// <summary>How much of the offering space a capacity error rules out.</summary>
internal enum UnavailabilityScope
{
    /// <summary>Not a capacity error.</summary>
    None,

    /// <summary>The instance type in that zone for that capacity type.</summary>
    Offering,

    /// <summary>Every offering of that capacity type: an account-wide quota (vCPU limit, spot instance count).</summary>
    CapacityType,
}
