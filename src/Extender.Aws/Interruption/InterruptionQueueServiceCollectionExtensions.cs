using Amazon.SQS;
using Extender.Core.Interruption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Interruption;

public static class InterruptionQueueServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IInterruptionQueue"/> over SQS from section <c>Interruption</c>, reaching AWS with the
    /// <c>Aws</c> section's region and credentials. Nothing calls SQS while <c>Interruption:QueueName</c> is empty.
    /// </summary>
    public static IServiceCollection AddInterruptionQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InterruptionQueueOptions>().Bind(configuration.GetSection(InterruptionQueueOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IAmazonSQS>(sp => CreateClient(sp.GetRequiredService<IOptions<AwsCapacityOptions>>().Value, sp.GetRequiredService<IOptions<InterruptionQueueOptions>>().Value));
        services.TryAddSingleton<IInterruptionQueue, SqsInterruptionQueue>();
        return services;
    }

    private static AmazonSQSClient CreateClient(AwsCapacityOptions aws, InterruptionQueueOptions queue)
    {
        var config = new AmazonSQSConfig
        {
            MaxErrorRetry = aws.MaxErrorRetry,
            // The SDK's own bound must outlast the long poll, or every quiet receive would time out.
            Timeout = TimeSpan.FromSeconds(queue.WaitTimeSeconds) + queue.RequestTimeout,
        };
        AwsClientTarget.Apply(config, aws.Region, queue.EndpointOverride);
        return AwsClientTarget.Credentials(aws) is { } credentials ? new AmazonSQSClient(credentials, config) : new AmazonSQSClient(config);
    }
}
