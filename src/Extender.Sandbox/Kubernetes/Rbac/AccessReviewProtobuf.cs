using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>
/// Reads an access review sent as Kubernetes protobuf (<c>application/vnd.kubernetes.protobuf</c>), which kubectl's
/// typed clients use for <c>auth can-i</c>: the <c>k8s\0</c> envelope (a <c>runtime.Unknown</c> whose field 2 holds the
/// object), then the review's spec by the field numbers of k8s.io/api/authorization/v1/generated.proto. Read into the
/// JSON shape the rest of the server handles; answers go back as JSON, which the client accepts.
/// </summary>
internal static class AccessReviewProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    // ResourceAttributes: namespace=1, verb=2, group=3, version=4, resource=5, subresource=6, name=7.
    private static readonly string[] ResourceFields = ["", "namespace", "verb", "group", "version", "resource", "subresource", "name"];

    // NonResourceAttributes: path=1, verb=2.
    private static readonly string[] NonResourceFields = ["", "path", "verb"];

    public static JsonObject Read(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes envelope (k8s\\0)");
        }

        var raw = Field(ByteString.CopyFrom(body, Magic.Length, body.Length - Magic.Length), 2)
            ?? throw ApiException.BadRequest("the protobuf envelope holds no object");
        var review = new JsonObject();
        var spec = new JsonObject();

        // SubjectAccessReviewSpec: resourceAttributes=1, nonResourceAttributes=2, user=3, groups=4, uid=6;
        // SelfSubjectAccessReviewSpec: resourceAttributes=1, nonResourceAttributes=2.
        if (Field(raw, 2) is { } specBytes)
        {
            var input = specBytes.CreateCodedInput();
            var groups = new JsonArray();
            while (input.ReadTag() is var tag and not 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        spec["resourceAttributes"] = Strings(input.ReadBytes(), ResourceFields);
                        break;
                    case 2:
                        spec["nonResourceAttributes"] = Strings(input.ReadBytes(), NonResourceFields);
                        break;
                    case 3:
                        spec["user"] = input.ReadString();
                        break;
                    case 4:
                        groups.Add(input.ReadString());
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }

            if (groups.Count > 0)
            {
                spec["groups"] = groups;
            }
        }

        review["spec"] = spec;
        return review;
    }

    private static JsonObject Strings(ByteString message, string[] names)
    {
        var result = new JsonObject();
        var input = message.CreateCodedInput();
        while (input.ReadTag() is var tag and not 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            if (number < names.Length && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                result[names[number]] = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return result;
    }

    /// <summary>The first length-delimited field <paramref name="number"/> of a message.</summary>
    private static ByteString? Field(ByteString message, int number)
    {
        var input = message.CreateCodedInput();
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                return input.ReadBytes();
            }

            input.SkipLastField();
        }

        return null;
    }
}
