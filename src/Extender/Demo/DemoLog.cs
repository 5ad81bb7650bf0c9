using System.Globalization;
using Serilog;
using Serilog.Extensions.Logging;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace Extender.Demo;

/// <summary>
/// The in-process sidecar's log during the demo. The live view owns the terminal, so every line goes to a file (its
/// path is printed at start), and warnings and errors also become events the view shows under its tables; log lines
/// written to the console would tear through the live display. File writing is Serilog's sink.
/// </summary>
internal sealed class DemoLog : ILoggerProvider
{
    /// <summary>How many recent events are kept for the view.</summary>
    private const int Kept = 50;

    private readonly Serilog.Core.Logger _file;
    private readonly SerilogLoggerProvider _fileProvider;
    private readonly Queue<string> _events = new();
    private readonly Lock _lock = new();
    private long _count;

    private DemoLog(string path)
    {
        Path = path;
        _file = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(path, outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u4} {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
        _fileProvider = new SerilogLoggerProvider(_file);
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    public static DemoLog Create() => new(System.IO.Path.Combine(
        System.IO.Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"extender-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log")));

    /// <summary>Replaces the host's console logging with this log.</summary>
    public void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddProvider(this);
    }

    /// <summary>The most recent events, oldest first.</summary>
    public IReadOnlyList<string> Recent(int count)
    {
        lock (_lock)
        {
            return [.. _events.TakeLast(count)];
        }
    }

    /// <summary>The events after the first <paramref name="seen"/> (those still kept), and how many there have been in all.</summary>
    public (IReadOnlyList<string> Events, long Count) After(long seen)
    {
        lock (_lock)
        {
            return ([.. _events.TakeLast((int)Math.Min(_count - seen, _events.Count))], _count);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Both(_fileProvider.CreateLogger(categoryName), this, categoryName);

    public void Dispose()
    {
        _fileProvider.Dispose();
        _file.Dispose();
    }

    private void Add(string text)
    {
        lock (_lock)
        {
            _events.Enqueue(text);
            _count++;
            if (_events.Count > Kept)
            {
                _events.Dequeue();
            }
        }
    }

    /// <summary>Writes to the file and, from Warning up, to the events.</summary>
    private sealed class Both(ILogger file, DemoLog log, string category) : ILogger
    {
        private readonly string _source = category[(category.LastIndexOf('.') + 1)..];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => file.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => file.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            file.Log(logLevel, eventId, state, exception, formatter);
            if (logLevel >= LogLevel.Warning)
            {
                log.Add(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} {(logLevel == LogLevel.Warning ? "warn" : "fail")} {_source}: {formatter(state, exception)}"));
            }
        }
    }
}
