namespace Extender.Sandbox.Ec2;

/// <summary>An EC2 error answer: code, message and HTTP status, as the real API returns them.</summary>
internal sealed class Ec2ApiException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}
