using System.Net;
using Microsoft.Extensions.Options;

namespace Extender.Hosting.Tls;

/// <summary>When the listener is on, the port must be valid and the files must load: a bad file stops the start, naming it.</summary>
internal sealed class TlsListenerOptionsValidator : IValidateOptions<TlsListenerOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsListenerOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            return ValidateOptionsResult.Fail($"{TlsListenerOptions.Section}:Port must be between 0 and 65535");
        }

        if (options.ReloadInterval <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{TlsListenerOptions.Section}:ReloadInterval must be positive");
        }

        try
        {
            ServingCertificateFiles.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (ServingCertificateException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
