namespace Extender.Sandbox.Demo;

/// <summary>A scenario file is malformed; the message names the file, the field and the problem.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
