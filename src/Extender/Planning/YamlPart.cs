namespace Extender.Planning;

/// <summary>
/// A piece of a YAML stream parsed apart by <see cref="ParallelYaml"/>: documents (whose top-level <c>items</c>
/// block, if cut out, is <see cref="HasItems"/>) or one entry of the last such document's items.
/// </summary>
internal sealed record YamlPart(string Text, int FirstLine, bool IsItem, bool HasItems);
