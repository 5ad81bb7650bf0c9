namespace Extender.Sandbox.Sqs;

/// <summary>One queue's messages: visible ones in send order, received ones hidden until their visibility timeout.</summary>
internal sealed class SandboxQueue(string url)
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Url { get; } = url;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Completes on the next send.</summary>
    public Task Arrival
    {
        get
        {
            lock (_gate)
            {
                return _arrival.Task;
            }
        }
    }

    public string Enqueue(string body)
    {
        TaskCompletionSource arrived;
        var entry = new Entry(Guid.NewGuid().ToString(), body);
        lock (_gate)
        {
            _entries.Add(entry);
            arrived = _arrival;
            _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
        return entry.Id;
    }

    public List<Received> Take(int max, DateTimeOffset now, TimeSpan visibilityTimeout)
    {
        lock (_gate)
        {
            var taken = new List<Received>();
            foreach (var entry in _entries.Where(e => e.HiddenUntil <= now).Take(max))
            {
                // Each receive issues a new handle; only the latest deletes, as in SQS.
                entry.ReceiptHandle = Guid.NewGuid().ToString("N");
                entry.HiddenUntil = now + visibilityTimeout;
                taken.Add(new Received(entry.Id, entry.ReceiptHandle, entry.Body));
            }

            return taken;
        }
    }

    public bool Delete(string receiptHandle)
    {
        lock (_gate)
        {
            return _entries.RemoveAll(e => e.ReceiptHandle == receiptHandle) > 0;
        }
    }

    internal sealed record Received(string Id, string ReceiptHandle, string Body);

    private sealed class Entry(string id, string body)
    {
        public string Id { get; } = id;

        public string Body { get; } = body;

        public string? ReceiptHandle { get; set; }

        public DateTimeOffset HiddenUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
