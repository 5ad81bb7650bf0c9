using System.CommandLine;
using Extender.Hosting;

namespace Extender.Commands;

/// <summary><c>run</c>: the production sidecar.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "Port for the extender verbs, /healthz, /readyz and /metrics (default 8888)." };
        var command = new Command("run", "Run the extender and provisioner against a real cluster and AWS.") { port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(port) is { } value)
            {
                settings[$"{HttpServerOptions.Section}:Port"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await using var app = ExtenderHost.Build(settings);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
