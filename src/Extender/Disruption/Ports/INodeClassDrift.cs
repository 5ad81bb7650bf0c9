using Extender.Core.Disruption;

namespace Extender.Disruption.Ports;

/// <summary>What drift compares a claim against on its node class's side (the EC2NodeClass watch).</summary>
public interface INodeClassDrift
{
    /// <summary>The class's drift hash today (<see cref="StaticHash.NodeClass"/>); null when the class does not exist.</summary>
    string? Hash(string nodeClass);

    /// <summary>What the class's selectors resolved to, from its status; null when it does not exist.</summary>
    ResolvedNodeClass? Resolved(string nodeClass);
}
