namespace Extender.Demo.Phases;

/// <summary>Reads <c>--phases</c>: a comma-separated list of <c>headroom</c>, <c>scale-in</c> and <c>interruption</c>, or <c>none</c>.</summary>
internal static class DemoPhasesOption
{
    public const string Values = "headroom, scale-in, interruption, none";

    public static bool TryParse(string text, out DemoPhases phases)
    {
        ArgumentNullException.ThrowIfNull(text);
        phases = DemoPhases.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (name)
            {
                case "headroom":
                    phases |= DemoPhases.Headroom;
                    break;
                case "scale-in":
                    phases |= DemoPhases.ScaleIn;
                    break;
                case "interruption":
                    phases |= DemoPhases.Interruption;
                    break;
                case "none" when text.Trim() == "none":
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
