using System.Globalization;

namespace Extender.Diagnostics;

/// <summary>One line of the launch log: <c>podUid TAB nodeClaim TAB detectedAt TAB launchedAt</c>, times round-trip ("O").</summary>
internal sealed record LaunchLogLine(string PodUid, string NodeClaim, DateTimeOffset DetectedAt, DateTimeOffset LaunchedAt)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{PodUid}\t{NodeClaim}\t{DetectedAt:O}\t{LaunchedAt:O}");

    /// <summary>False for a line that is not one (a partly written last line of a log still being written).</summary>
    public static bool TryParse(string line, out LaunchLogLine parsed)
    {
        parsed = null!;
        var fields = line.Split('\t');
        if (fields.Length != 4
            || !DateTimeOffset.TryParseExact(fields[2], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var detected)
            || !DateTimeOffset.TryParseExact(fields[3], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var launched))
        {
            return false;
        }

        parsed = new LaunchLogLine(fields[0], fields[1], detected, launched);
        return true;
    }
}
