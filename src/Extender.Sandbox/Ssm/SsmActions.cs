using System.Text.Json;
using System.Text.Json.Nodes;
using Extender.Sandbox.Ec2;

namespace Extender.Sandbox.Ssm;

/// <summary>
/// SSM's <c>GetParameter</c> over the public image parameters (<see cref="PublicImages"/>), in SSM's JSON 1.1 protocol:
/// the action in <c>X-Amz-Target</c> (<c>AmazonSSM.GetParameter</c>), the error code in <c>__type</c>.
/// </summary>
internal static class SsmActions
{
    public const string TargetPrefix = "AmazonSSM.";

    /// <summary>The HTTP status and JSON body answering <paramref name="action"/> with <paramref name="body"/>.</summary>
    public static (int Status, string Body) Answer(string action, string body)
    {
        if (action != "GetParameter")
        {
            return Error("InvalidAction", $"The action {action} is not valid for this web service.");
        }

        string? name;
        try
        {
            name = JsonNode.Parse(body)?["Name"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Error("SerializationException", "the request body is not the expected JSON");
        }

        if (string.IsNullOrEmpty(name))
        {
            return Error("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
        }

        if (!PublicImages.Parameters.TryGetValue(name, out var value))
        {
            return Error("ParameterNotFound", $"Parameter {name} not found.");
        }

        var parameter = new JsonObject
        {
            ["Name"] = name,
            ["Type"] = "String",
            ["Value"] = value,
            ["Version"] = 1,
            ["DataType"] = "aws:ec2:image",
            ["ARN"] = $"arn:aws:ssm:us-east-1::parameter{name}",
            ["LastModifiedDate"] = 1735689600,
        };
        return (200, new JsonObject { ["Parameter"] = parameter }.ToJsonString());
    }

    private static (int, string) Error(string code, string message) =>
        (400, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString());
}
