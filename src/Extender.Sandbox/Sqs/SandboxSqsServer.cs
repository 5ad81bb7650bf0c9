using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Sqs;

/// <summary>
/// SQS on 127.0.0.1, in the JSON 1.0 protocol AWSSDK.SQS 4.x speaks (<c>POST /</c>, <c>X-Amz-Target: AmazonSQS.&lt;Action&gt;</c>):
/// CreateQueue, GetQueueUrl, SendMessage, ReceiveMessage (long polling up to 20 s, up to 10 messages, a visibility
/// timeout after which an undeleted message is received again) and DeleteMessage. It enforces what SQS enforces for
/// these: signed requests, an existing queue, WaitTimeSeconds 0-20, MaxNumberOfMessages 1-10, a current receipt handle.
/// </summary>
public sealed class SandboxSqsServer : IAsyncDisposable
{
    private const string AccountId = "000000000000";
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxQueue> _queues = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _receipts = [];
    private long _sent;
    private long _deleted;

    private SandboxSqsServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>How long a received message stays hidden before it can be received again (SQS's default is 30 s).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public long Sent => Interlocked.Read(ref _sent);

    public long Deleted => Interlocked.Read(ref _deleted);

    /// <summary>When each message was handed to a receiver, in order: where a response's latency starts.</summary>
    public IReadOnlyList<DateTimeOffset> Receipts
    {
        get
        {
            lock (_gate)
            {
                return [.. _receipts];
            }
        }
    }

    public static async Task<SandboxSqsServer> StartAsync(TimeProvider time, CancellationToken cancellationToken, int port = 0)
    {
        var app = LoopbackApp.Build(port);
        var server = new SandboxSqsServer(app, time);
        app.MapPost("/", server.HandleAsync);
        server.Url = await LoopbackApp.StartAsync(app, cancellationToken);
        return server;
    }

    /// <summary>Creates the queue (idempotent) and returns its URL.</summary>
    public string CreateQueue(string name)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(name, out var queue))
            {
                queue = new SandboxQueue(new Uri(Url, $"{AccountId}/{name}").ToString());
                _queues[name] = queue;
            }

            return queue.Url;
        }
    }

    /// <summary>Sends a message as EventBridge would deliver it.</summary>
    public void Send(string queueName, string body)
    {
        SandboxQueue queue;
        lock (_gate)
        {
            queue = _queues.GetValueOrDefault(queueName) ?? throw new InvalidOperationException($"no queue '{queueName}'");
        }

        queue.Enqueue(body);
        Interlocked.Increment(ref _sent);
    }

    /// <summary>Messages not yet deleted (visible or in flight).</summary>
    public int Depth(string queueName)
    {
        lock (_gate)
        {
            return _queues.TryGetValue(queueName, out var queue) ? queue.Count : 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return Error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return Error(400, "InvalidParameterValue", "The request body is not JSON.");
        }

        return target switch
        {
            "AmazonSQS.CreateQueue" => Ok(new JsonObject { ["QueueUrl"] = CreateQueue((string?)body["QueueName"] ?? "") }),
            "AmazonSQS.GetQueueUrl" => Find((string?)body["QueueName"]) is { } named ? Ok(new JsonObject { ["QueueUrl"] = named.Url }) : QueueDoesNotExist(),
            "AmazonSQS.SendMessage" => Send(body),
            "AmazonSQS.ReceiveMessage" => await ReceiveAsync(body, cancellationToken),
            "AmazonSQS.DeleteMessage" => Delete(body),
            _ => Error(400, "InvalidAction", $"The action {target} is not valid for this endpoint."),
        };
    }

    private IResult Send(JsonObject body)
    {
        if (ByUrl(body) is not { } queue)
        {
            return QueueDoesNotExist();
        }

        var text = (string?)body["MessageBody"] ?? "";
        var id = queue.Enqueue(text);
        Interlocked.Increment(ref _sent);
        return Ok(new JsonObject { ["MessageId"] = id, ["MD5OfMessageBody"] = Md5(text) });
    }

    private async Task<IResult> ReceiveAsync(JsonObject body, CancellationToken cancellationToken)
    {
        if (ByUrl(body) is not { } queue)
        {
            return QueueDoesNotExist();
        }

        var wait = (int?)body["WaitTimeSeconds"] ?? 0;
        var max = (int?)body["MaxNumberOfMessages"] ?? 1;
        if (wait is < 0 or > 20)
        {
            return Error(400, "InvalidParameterValue", $"Value {wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }

        if (max is < 1 or > 10)
        {
            return Error(400, "InvalidParameterValue", $"Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }

        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(wait);
        while (true)
        {
            var arrived = queue.Arrival;
            var messages = queue.Take(max, _time.GetUtcNow(), VisibilityTimeout);
            var left = deadline - _time.GetUtcNow();
            if (messages.Count > 0 || left <= TimeSpan.Zero)
            {
                lock (_gate)
                {
                    _receipts.AddRange(messages.Select(_ => _time.GetUtcNow()));
                }

                return Ok(new JsonObject
                {
                    ["Messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
                    {
                        ["MessageId"] = m.Id,
                        ["ReceiptHandle"] = m.ReceiptHandle,
                        ["MD5OfBody"] = Md5(m.Body),
                        ["Body"] = m.Body,
                    })]),
                });
            }

            // Wake on a send, or after a second at most to see messages whose visibility timeout ran out.
            try
            {
                await arrived.WaitAsync(TimeSpan.FromTicks(Math.Min(left.Ticks, TimeSpan.TicksPerSecond)), _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private IResult Delete(JsonObject body)
    {
        if (ByUrl(body) is not { } queue)
        {
            return QueueDoesNotExist();
        }

        var handle = (string?)body["ReceiptHandle"] ?? "";
        if (!queue.Delete(handle))
        {
            return Error(400, "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
        }

        Interlocked.Increment(ref _deleted);
        return Ok([]);
    }

    private SandboxQueue? Find(string? name)
    {
        lock (_gate)
        {
            return name is null ? null : _queues.GetValueOrDefault(name);
        }
    }

    private SandboxQueue? ByUrl(JsonObject body)
    {
        var url = (string?)body["QueueUrl"] ?? "";
        lock (_gate)
        {
            return _queues.Values.FirstOrDefault(q => q.Url == url);
        }
    }

    // SQS's own body checksum, which the SDK verifies on every received message: not a security use.
#pragma warning disable CA5351
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static IResult Ok(JsonObject body) => Results.Text(body.ToJsonString(), "application/x-amz-json-1.0", statusCode: 200);

    private static IResult QueueDoesNotExist() => Error(400, "QueueDoesNotExist", "The specified queue does not exist.");

    private static IResult Error(int status, string code, string message) =>
        Results.Text(new JsonObject { ["__type"] = $"com.amazonaws.sqs#{code}", ["message"] = message }.ToJsonString(), "application/x-amz-json-1.0", statusCode: status);
}
