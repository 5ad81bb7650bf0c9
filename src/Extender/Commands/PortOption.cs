using System.CommandLine;
using System.Globalization;

namespace Extender.Commands;

/// <summary>
/// Options that take a TCP port. System.CommandLine's own conversion error names the CLR type
/// (<c>System.Nullable`1[System.Int32]</c>) and, read from a validator, throws instead of reporting; this parser
/// reports one line naming the option and what it expects.
/// </summary>
internal static class PortOption
{
    public static Option<int> Create(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = r => Parse(r) ?? 0 };

    public static Option<int?> CreateOptional(string name, string description) =>
        new(name) { Description = description, CustomParser = Parse };

    private static int? Parse(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }

        var option = (result.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name;
        result.AddError($"{option}: \"{token}\" is not a port; expected a whole number from 0 to 65535");
        return null;
    }
}
