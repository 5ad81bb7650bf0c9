using Amazon.EC2.Model;

namespace Extender.Aws.NodeClasses;

/// <summary>Turns one selector term into EC2 Describe filters; null when the term selects nothing.</summary>
internal static class SelectorFilters
{
    public static List<Filter>? For(SelectorTerm term, string idFilter, string? nameFilter)
    {
        var filters = new List<Filter>();
        if (term.Id is { Length: > 0 } id)
        {
            filters.Add(new Filter(idFilter, [id]));
        }

        if (nameFilter is not null && term.Name is { Length: > 0 } name)
        {
            filters.Add(new Filter(nameFilter, [name]));
        }

        foreach (var (key, value) in term.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            filters.Add(value == "*" ? new Filter("tag-key", [key]) : new Filter("tag:" + key, [value]));
        }

        return filters.Count == 0 ? null : filters;
    }
}
