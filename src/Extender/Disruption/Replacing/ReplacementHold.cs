using Extender.Core.Disruption;

namespace Extender.Disruption.Replacing;

/// <summary>
/// Room held for the pods about to leave <paramref name="Leaving"/>: one replacement slot per pod of
/// <see cref="ReplacementPlan.Moving"/>, on existing nodes or on claims launched for them. Poll it with
/// <see cref="ReplacementReserver.Check"/>; give it up with <see cref="ReplacementReserver.Release"/>.
/// </summary>
/// <param name="Leaving">The nodes the pods leave, with any other nodes the plan had to leave out (a pre-spun hold's drifted nodes): a replan leaves them out too.</param>
/// <param name="Plan">Which pods got slots and which have no replacement (bare pods).</param>
/// <param name="Claims">The claims the slots were first held on (new ones launched for them included).</param>
/// <param name="ReservedAt">When the slots were first held.</param>
internal sealed record ReplacementHold(IReadOnlySet<string> Leaving, ReplacementPlan Plan, IReadOnlyList<string> Claims, DateTimeOffset ReservedAt);
