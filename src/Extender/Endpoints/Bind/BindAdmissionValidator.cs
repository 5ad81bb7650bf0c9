using Extender.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Endpoints.Bind;

/// <summary>
/// Binds running and queued must leave connections for <c>filter</c>, <c>prioritize</c> and <c>preempt</c> and for the
/// scheduler's idle pool (Go keeps 25 per host), or a flood of binds could again take them all.
/// </summary>
internal sealed class BindAdmissionValidator(IOptions<HttpLimitsOptions> limits) : IValidateOptions<ExtenderEndpointOptions>
{
    /// <summary>Connections kept for the other verbs and the scheduler's idle connections.</summary>
    public const int ConnectionsForOtherVerbs = 32;

    public ValidateOptionsResult Validate(string? name, ExtenderEndpointOptions options)
    {
        const string section = ExtenderEndpointOptions.Section;
        if (options.MaxConcurrentBinds < 1)
        {
            return ValidateOptionsResult.Fail($"{section}:MaxConcurrentBinds must be positive");
        }

        if (options.BindQueueLimit < 0)
        {
            return ValidateOptionsResult.Fail($"{section}:BindQueueLimit must not be negative");
        }

        var connections = limits.Value.MaxConcurrentConnections;
        return options.MaxConcurrentBinds + options.BindQueueLimit > connections - ConnectionsForOtherVerbs
            ? ValidateOptionsResult.Fail(
                $"{section}:MaxConcurrentBinds + {section}:BindQueueLimit ({options.MaxConcurrentBinds} + {options.BindQueueLimit}) must be at most " +
                $"{HttpLimitsOptions.Section}:MaxConcurrentConnections ({connections}) - {ConnectionsForOtherVerbs}, so that binds never take the connections filter and prioritize need")
            : ValidateOptionsResult.Success;
    }
}
