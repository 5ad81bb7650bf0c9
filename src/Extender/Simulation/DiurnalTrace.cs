using Extender.Core.Resources;

namespace Extender.Simulation;

/// <summary>
/// A seeded day of load, so the simulator's numbers can be reproduced: load follows a cosine from a trough at the
/// start to a peak at half time three times higher. Deployments of mixed sizes (small web pods to memory- and
/// CPU-heavy ones) are rescaled every 5 minutes to their share of it (±5% noise, so changes come one by one and in
/// small steps), jobs arrive one at a time (Poisson, at a rate that follows the load) and leave after 10–40 minutes,
/// and about every two hours a burst of 20–60 larger jobs arrives at once and leaves after 20–60 minutes.
/// </summary>
internal sealed record DiurnalTrace(int Seed, int PeakPods, TimeSpan Length)
{
    public const int DefaultPeakPods = 600;

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MeanJobLifetime = TimeSpan.FromMinutes(25);
    private const double JobShare = 0.10;

    private static readonly (string Name, string Cpu, string Memory, double Share)[] Deployments =
    [
        ("web", "250m", "512Mi", 0.35),
        ("api", "500m", "1Gi", 0.25),
        ("worker", "1", "2Gi", 0.15),
        ("cache", "2", "8Gi", 0.07),
        ("compute", "4", "4Gi", 0.05),
    ];

    private static readonly ResourceList SmallJob = Requests("1", "1Gi");
    private static readonly ResourceList MemoryJob = Requests("500m", "2Gi");
    private static readonly ResourceList BurstJob = Requests("2", "4Gi");

    /// <summary>The load at <paramref name="at"/> as a fraction of the peak: 1/3 at the start and end, 1 at half time.</summary>
    public double Load(TimeSpan at) => (2 - Math.Cos(2 * Math.PI * at / Length)) / 3;

    public List<TraceEvent> Events()
    {
        var random = new Random(Seed);
        var events = new List<TraceEvent>();
        for (var at = TimeSpan.Zero; at < Length; at += Step)
        {
            foreach (var (name, cpu, memory, share) in Deployments)
            {
                var replicas = (int)Math.Round(share * PeakPods * Load(at) * (0.95 + (random.NextDouble() * 0.10)));
                events.Add(new TraceEvent(at, name, Requests(cpu, memory)) { Replicas = replicas });
            }
        }

        // One-by-one jobs: exponential gaps at a rate that keeps JobShare of the load busy.
        var peakRate = JobShare * PeakPods / MeanJobLifetime.TotalSeconds;
        for (var at = TimeSpan.Zero; ;)
        {
            at += TimeSpan.FromSeconds(-Math.Log(1 - random.NextDouble()) / (peakRate * Load(at)));
            if (at >= Length)
            {
                break;
            }

            var lifetime = TimeSpan.FromMinutes(10 + (random.NextDouble() * 30));
            events.Add(new TraceEvent(at, "job", random.NextDouble() < 0.7 ? SmallJob : MemoryJob) { Count = 1, Lifetime = lifetime });
        }

        for (var at = TimeSpan.FromHours(1); at < Length; at += TimeSpan.FromMinutes(90 + random.Next(60)))
        {
            events.Add(new TraceEvent(at, "burst", BurstJob) { Count = 20 + random.Next(41), Lifetime = TimeSpan.FromMinutes(20 + random.Next(41)) });
        }

        return events;
    }

    private static ResourceList Requests(string cpu, string memory) => TraceEvent.PodRequests(Quantity.ParseMilli(cpu), Quantity.ParseMilli(memory));
}
