using Extender.Sandbox.Kubernetes;

namespace Extender.Kubernetes.Tests.Sandbox;

/// <summary>A fresh sandbox API server and a real client for it, for each test of a class that derives from this.</summary>
public abstract class SandboxApiTest : IAsyncLifetime
{
    protected SandboxApiServer Api { get; private set; } = null!;

    protected k8s.Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await SandboxApiServer.StartAsync();
        Client = new k8s.Kubernetes(Api.ClientConfiguration());
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
