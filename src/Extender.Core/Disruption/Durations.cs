using System.Globalization;
using System.Text.RegularExpressions;

namespace Extender.Core.Disruption;

/// <summary>Durations as Go writes them: <c>500ms</c>, <c>5s</c>, <c>1m30s</c>, <c>1h</c>.</summary>
public static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = Unit().Match(part.Value);
            var amount = double.Parse(unit.Groups["n"].Value, CultureInfo.InvariantCulture);
            duration += unit.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }

        return true;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)$")]
    private static partial Regex Unit();
}
