using System.Xml.Linq;

namespace Extender.Sandbox.Ec2;

/// <summary>Response bodies in the EC2 Query API's XML shape.</summary>
internal static class Ec2Xml
{
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public static string Response(string action, params object?[] content) =>
        new XElement(Ns + (action + "Response"), new XElement(Ns + "requestId", Guid.NewGuid().ToString()), content).ToString(SaveOptions.DisableFormatting);

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    public static XElement Set(string name, IEnumerable<object> items) => new(Ns + name, items.Select(i => i is XElement { Name.LocalName: "item" } ? i : new XElement(Ns + "item", i)));

    public static XElement Tags(IReadOnlyDictionary<string, string> tags, string name = "tagSet") =>
        Set(name, tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (object)new XElement(Ns + "item", E("key", t.Key), E("value", t.Value))));

    public static XElement? NextToken(string? token) => token is null ? null : E("nextToken", token);

    public static string Error(string code, string message) =>
        new XElement("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", Guid.NewGuid().ToString())).ToString(SaveOptions.DisableFormatting);

    /// <summary>One page of <paramref name="items"/>: the token is the next offset, as opaque to clients as EC2's own.</summary>
    public static (List<T> Page, string? Next) Page<T>(IReadOnlyList<T> items, Ec2Form form, int defaultSize)
    {
        var offset = int.TryParse(form.Get("NextToken"), out var o) ? o : 0;
        var size = Math.Max(1, form.GetInt("MaxResults") ?? defaultSize);
        var page = items.Skip(offset).Take(size).ToList();
        return (page, offset + size < items.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
