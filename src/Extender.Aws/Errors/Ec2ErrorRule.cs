using Extender.Core.Capacity;

namespace Extender.Aws.Errors;

internal sealed record Ec2ErrorRule(CapacityErrorKind Kind, UnavailabilityScope Scope = UnavailabilityScope.None);
