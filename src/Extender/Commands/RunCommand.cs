using System.CommandLine;

namespace Extender.Commands;

/// <summary><c>run</c>: the production sidecar.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the extender and provisioner against a real cluster and AWS.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var builder = WebApplication.CreateBuilder();
            await using var app = builder.Build();
            app.MapGet("/healthz", () => "ok");
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
