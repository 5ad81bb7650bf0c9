using System.Text;

namespace Extender.Sandbox.Kubernetes;

/// <summary>One line of a watch stream, serialized once and shared by every watcher that receives it.</summary>
internal sealed record WatchEvent(ApiResource Resource, string Type, StoredObject? Object, byte[] Line)
{
    public static WatchEvent Of(ApiResource resource, string type, StoredObject obj) =>
        new(resource, type, obj, Frame(type, obj.Json));

    public static WatchEvent Bookmark(ApiResource resource, long resourceVersion) =>
        new(resource, "BOOKMARK", null, Frame("BOOKMARK", Encoding.UTF8.GetBytes(
            $$$"""{"kind":"{{{resource.Kind}}}","apiVersion":"{{{resource.ApiVersion}}}","metadata":{"resourceVersion":"{{{resourceVersion}}}"}}""")));

    public static WatchEvent Error(ApiResource resource, int code, string reason, string message) =>
        new(resource, "ERROR", null, Frame("ERROR", Encoding.UTF8.GetBytes(StatusBody.Failure(code, reason, message).ToJsonString())));

    private static byte[] Frame(string type, byte[] objectJson)
    {
        var head = Encoding.UTF8.GetBytes($$"""{"type":"{{type}}","object":""");
        var line = new byte[head.Length + objectJson.Length + 2];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line, head.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }
}
