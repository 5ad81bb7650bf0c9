using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Kubernetes.Lifecycle;

/// <summary>A DELETE's options, from its <c>DeleteOptions</c> body or its query (the body wins, as upstream).</summary>
internal sealed record DeleteOptions(long? GracePeriodSeconds, string PropagationPolicy, bool DryRun, string? PreconditionUid, string? PreconditionResourceVersion)
{
    public static DeleteOptions Background { get; } = new(null, "Background", false, null, null);

    public static DeleteOptions From(IQueryCollection query, JsonObject? body)
    {
        var grace = (long?)body?["gracePeriodSeconds"]
            ?? (long.TryParse(query["gracePeriodSeconds"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var g) ? g : null);
        var policy = (string?)body?["propagationPolicy"] ?? (string?)query["propagationPolicy"];
        if ((bool?)body?["orphanDependents"] == true || (string?)query["orphanDependents"] == "true")
        {
            policy ??= "Orphan";
        }

        policy ??= "Background";
        if (policy is not ("Background" or "Foreground" or "Orphan"))
        {
            throw new ApiException(422, "Invalid", $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }

        var dryRun = body?["dryRun"] is JsonArray dry ? dry.Any(d => (string?)d == "All") : query["dryRun"] == "All";
        return new DeleteOptions(grace, policy, dryRun, (string?)body?["preconditions"]?["uid"], (string?)body?["preconditions"]?["resourceVersion"]);
    }
}
