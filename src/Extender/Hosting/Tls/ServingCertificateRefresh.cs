using Microsoft.Extensions.Options;

namespace Extender.Hosting.Tls;

/// <summary>
/// When the HTTPS listener is on: loads the certificate as the host starts (hosted services start before the server
/// listens), then checks the files every <see cref="TlsListenerOptions.ReloadInterval"/> (cert-manager renews them in
/// place).
/// </summary>
internal sealed class ServingCertificateRefresh(ServingCertificate certificate, IOptions<TlsListenerOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        certificate.Reload();
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                certificate.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
