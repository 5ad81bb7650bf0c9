namespace Extender.Aws.InstanceProfiles;

/// <summary>Cleans up the instance profiles managed for EC2NodeClasses that name a <c>role</c>, once their class is gone.</summary>
public interface IManagedInstanceProfiles
{
    /// <summary>Deletes the managed profiles of every class not in <paramref name="nodeClasses"/>; returns how many.</summary>
    Task<int> DeleteAllButAsync(IReadOnlySet<string> nodeClasses, CancellationToken cancellationToken);
}
