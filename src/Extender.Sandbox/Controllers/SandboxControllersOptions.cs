namespace Extender.Sandbox.Controllers;

public sealed record SandboxControllersOptions
{
    /// <summary>Limit for each API call a controller makes.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent syncs per controller (kube-controller-manager's <c>--concurrent-*-syncs</c>, 5 by default there).</summary>
    public int Workers { get; init; } = 2;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public void Validate()
    {
        if (ApiTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the controllers' API timeout must be positive (got {ApiTimeout})");
        }

        if (Workers < 1)
        {
            throw new ArgumentException($"the controllers need at least one worker each (got {Workers})");
        }
    }
}
