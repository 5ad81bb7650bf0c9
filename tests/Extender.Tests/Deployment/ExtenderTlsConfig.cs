namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>ExtenderTLSConfig</c>; the *Data fields are base64 in YAML.</summary>
public sealed class ExtenderTlsConfig
{
    public bool? Insecure { get; set; }
    public string? ServerName { get; set; }
    public string? CertFile { get; set; }
    public string? KeyFile { get; set; }
    public string? CaFile { get; set; }
    public string? CertData { get; set; }
    public string? KeyData { get; set; }
    public string? CaData { get; set; }
}
