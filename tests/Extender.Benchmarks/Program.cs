using BenchmarkDotNet.Running;
using Extender.Benchmarks.Planning;

namespace Extender.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "cost":
                CostReport.Run(Console.Out);
                break;
            case "yaml":
                for (var i = 0; i < 4; i++)
                {
                    var text = File.ReadAllText(args[1]);
                    var sw = System.Diagnostics.Stopwatch.StartNew();
                    var parser = new YamlDotNet.Core.Parser(new StringReader(text));
                    var n = 0;
                    while (parser.MoveNext())
                    {
                        n++;
                    }

                    var t1 = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var docs = Extender.Planning.YamlJsonTree.Parse(text);
                    var t2 = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var items = ((System.Text.Json.Nodes.JsonObject)docs[0].Document!)["items"]!.AsArray();
                    var total = 0L;
                    foreach (var item in items)
                    {
                        total += item!.ToJsonString().Length;
                    }

                    var t3 = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var objs = Extender.Planning.ManifestReader.Read(args[1]);
                    var t4 = sw.Elapsed.TotalMilliseconds;
                    Console.WriteLine($"events {n} parser {t1:0} ms tree {t2:0} ms tojson {t3:0} ms read(all) {t4:0} ms");
                }

                break;
            case "plan-e2e":
                PlanEndToEnd.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                break;
        }
    }
}
