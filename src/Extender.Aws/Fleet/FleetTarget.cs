using Extender.Core.Capacity;

namespace Extender.Aws.Fleet;

/// <summary>One launch template and the options (instance type × zone) launched through it.</summary>
internal sealed record FleetTarget(string LaunchTemplateName, IReadOnlyList<LaunchOption> Options);
