namespace Extender.Sandbox.Ec2;

/// <summary>An EC2 Query API form with its numbered lists (<c>Filter.1.Name</c>, <c>InstanceId.1</c>, ...).</summary>
internal sealed class Ec2Form(IReadOnlyDictionary<string, string> fields)
{
    public string Action => Get("Action") ?? "";

    public string? Get(string key) => fields.GetValueOrDefault(key);

    public int? GetInt(string key) => int.TryParse(Get(key), out var value) ? value : null;

    /// <summary>Values of <c>{prefix}.1</c>, <c>{prefix}.2</c>, ... until the first gap.</summary>
    public List<string> List(string prefix)
    {
        var values = new List<string>();
        for (var i = 1; fields.TryGetValue($"{prefix}.{i}", out var value); i++)
        {
            values.Add(value);
        }

        return values;
    }

    /// <summary>Indexes 1..n for which <c>{prefix}.{i}.{probe}</c> exists.</summary>
    public IEnumerable<int> Indexes(string prefix, string probe)
    {
        for (var i = 1; fields.ContainsKey($"{prefix}.{i}.{probe}"); i++)
        {
            yield return i;
        }
    }

    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Filters() =>
        [.. Indexes("Filter", "Name").Select(i => (Get($"Filter.{i}.Name")!, (IReadOnlyList<string>)List($"Filter.{i}.Value")))];

    /// <summary>Tags of the <c>TagSpecification</c> for <paramref name="resourceType"/>.</summary>
    public Dictionary<string, string> Tags(string resourceType)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in Indexes("TagSpecification", "ResourceType").Where(i => Get($"TagSpecification.{i}.ResourceType") == resourceType))
        {
            foreach (var j in Indexes($"TagSpecification.{i}.Tag", "Key"))
            {
                tags[Get($"TagSpecification.{i}.Tag.{j}.Key")!] = Get($"TagSpecification.{i}.Tag.{j}.Value") ?? "";
            }
        }

        return tags;
    }
}
