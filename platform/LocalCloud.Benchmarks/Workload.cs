using System.Globalization;
using Aws.EventBridge;

namespace LocalCloud.Benchmarks;

/// <summary>
/// The benchmark's rules and events. Nine tenths of the rules are "specific" (one source, one
/// detail-type, a numeric condition on the detail); the rest are "broad" (a source prefix plus two
/// detail fields). Events are drawn so that about 90% match one specific rule and 20% also match a
/// broad rule: on average 1.1 deliveries per event, and some events match nothing.
/// </summary>
internal sealed class Workload
{
    public const int Sources = 10;
    public const int DetailTypes = 10;
    public const int Regions = 10;
    private static readonly string Padding = new('x', 120);

    public Workload(int rules, int queues, bool unmatched = false)
    {
        RuleCount = rules;
        QueueCount = queues;
        SpecificRules = unmatched ? 0 : Math.Min(rules * 9 / 10, Sources * (DetailTypes - 1));
        BroadRules = unmatched ? 0 : Math.Min(rules - SpecificRules, Regions);
        FillerRules = rules - SpecificRules - BroadRules;
    }

    public int RuleCount { get; }

    public int QueueCount { get; }

    public int SpecificRules { get; }

    public int BroadRules { get; }

    public int FillerRules { get; }

    public static string RuleName(int rule) => "bench-rule-" + rule.ToString("000", CultureInfo.InvariantCulture);

    public int QueueOf(int rule) => rule % QueueCount;

    public string Pattern(int rule)
    {
        if (rule < SpecificRules)
        {
            var source = rule % Sources;
            var type = rule / Sources;
            return $$$"""{"source":["com.bench.s{{{source}}}"],"detail-type":["order.t{{{type}}}.v1"],"detail":{"amount":[{"numeric":[">=",0]}]}}""";
        }

        if (rule < SpecificRules + BroadRules)
        {
            var region = rule - SpecificRules;
            return $$$"""{"source":[{"prefix":"com.bench."}],"detail":{"priority":["high"],"region":["r{{{region}}}"]}}""";
        }

        return $$"""{"source":["com.nomatch.f{{rule}}"]}""";
    }

    /// <summary>Number of rules an event with these parameters matches.</summary>
    public int Matches(int source, int type, int region, bool high)
    {
        var matches = 0;
        if (type * Sources + source < SpecificRules)
        {
            matches++;
        }

        if (high && region < BroadRules)
        {
            matches++;
        }

        return matches;
    }

    public static EventSpec NextEvent(Random random) => new(
        random.Next(Sources),
        random.Next(DetailTypes),
        random.Next(Regions),
        random.Next(5) == 0);

    public static PutEventsRequestEntry Entry(string busName, EventSpec spec, long sequence, long sentAtMicros) => new()
    {
        Source = "com.bench.s" + spec.Source.ToString(CultureInfo.InvariantCulture),
        DetailType = "order.t" + spec.Type.ToString(CultureInfo.InvariantCulture) + ".v1",
        EventBusName = busName,
        Detail = string.Create(CultureInfo.InvariantCulture,
            $$"""{"seq":{{sequence}},"sentAt":{{sentAtMicros}},"region":"r{{spec.Region}}","priority":"{{(spec.High ? "high" : "low")}}","amount":{{sequence % 1000}}.5,"orderId":"o-{{sequence}}","note":"{{Padding}}"}"""),
    };
}

internal readonly record struct EventSpec(int Source, int Type, int Region, bool High);
