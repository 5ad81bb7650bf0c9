namespace Extender.Kubernetes.CustomResources;

/// <summary>The API group and version of the project's custom resources.</summary>
public static class CustomResourceGroup
{
    public const string Group = "provisioning.extender.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
}
