using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aws;
using Aws.EventBridge;
using Contracts.Cli.Validation;

namespace Contracts.Cli.Commands;

internal static class PutEventsCommand
{
    public const int MaxEntriesPerRequest = 10;
    public const int DefaultMaxRequestBytes = 1024 * 1024;
    private const int ProgressThreshold = 100;

    public static Command Create(CliConsole console, CliEnvironment environment)
    {
        var detailTypes = new Argument<string[]>("detail-type")
        {
            Description = "Contracts to produce fresh example events for (see 'contract list').",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var file = new Option<string?>("--file")
        {
            Description = "Events to put: a JSON event, a JSON array of events or one event per line; '-' reads standard input.",
        };
        var count = new Option<int>("--count")
        {
            Description = "How many times to put each event.",
            DefaultValueFactory = _ => 1,
        };
        var bus = new Option<string>("--bus") { Description = "Event bus name or ARN.", DefaultValueFactory = _ => "default" };
        var set = SetOption.Create();
        var maxBytes = new Option<int>("--max-request-bytes")
        {
            Description = "PutEvents size limit per request (entry sizes as EventBridge counts them).",
            DefaultValueFactory = _ => DefaultMaxRequestBytes,
        };
        var output = OutputOption.Create();
        var aws = new AwsOptions();
        var command = new Command(
            "put-events",
            "Validate events against their contracts and put them on a bus in batches of up to 10, reporting each entry's EventId or error.")
        {
            detailTypes, file, count, bus, set, maxBytes, output,
        };
        aws.AddTo(command);
        command.Validators.Add(result =>
        {
            var hasTypes = (result.GetValue(detailTypes)?.Length ?? 0) > 0;
            if (hasTypes == (result.GetValue(file) is not null))
            {
                result.AddError("Give one or more detail-types or --file, not both.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(count) < 1)
            {
                throw new UsageException("--count must be at least 1.");
            }

            if (parse.GetValue(maxBytes) < 1)
            {
                throw new UsageException("--max-request-bytes must be positive.");
            }

            var templates = new List<JsonObject>();
            if (parse.GetValue(file) is { } path)
            {
                templates.AddRange(ReadEvents(await ContractCli.ReadInputAsync(path, console, ct)));
                if ((parse.GetValue(set)?.Length ?? 0) > 0)
                {
                    foreach (var t in templates)
                    {
                        SetOption.Apply(t["detail"] as JsonObject ?? throw new UsageException("--set needs events with a detail object."), parse.GetValue(set)!);
                    }
                }
            }

            var total = templates.Count * parse.GetValue(count);
            var types = parse.GetValue(detailTypes) ?? [];
            var contracts = types.Select(ContractCli.RequireContract).ToList();
            total += contracts.Count * parse.GetValue(count);

            var events = new List<JsonObject>(total);
            for (var i = 0; i < parse.GetValue(count); i++)
            {
                foreach (var template in templates)
                {
                    events.Add(template.DeepClone().AsObject());
                }

                foreach (var contract in contracts)
                {
                    var evt = contract.CreateExampleEvent(new EventEnvelopeOptions { TimeProvider = environment.TimeProvider });
                    SetOption.Apply(evt["detail"]!.AsObject(), parse.GetValue(set) ?? []);
                    events.Add(evt);
                }
            }

            var invalid = 0;
            for (var i = 0; i < events.Count; i++)
            {
                var outcome = ContractValidator.Validate(events[i], null);
                if (!outcome.IsValid)
                {
                    invalid++;
                    if (invalid <= 10)
                    {
                        await ValidateCommand.WriteProblemsAsync(console.Error, $"event [{i}] ({outcome.Contract?.DetailType ?? "unknown contract"})", outcome.Problems);
                    }
                }
            }

            if (invalid > 0)
            {
                await console.Error.WriteLineAsync($"{invalid} of {events.Count} event(s) are invalid; nothing was put.");
                return ExitCodes.Negative;
            }

            using var client = aws.CreateEventBridge(parse, environment);
            var results = await PutAsync(client, events, parse.GetValue(bus)!, parse.GetValue(maxBytes), console, ct);
            await ReportAsync(console, results, parse.GetValue(output));
            return results.Any(r => r.ErrorCode is not null) ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }

    public static int EntrySize(PutEventsRequestEntry entry) => PutEventsEntrySize.Of(entry);

    private static async Task<List<EntryResult>> PutAsync(
        EventBridgeClient client, List<JsonObject> events, string bus, int maxRequestBytes, CliConsole console, CancellationToken ct)
    {
        var results = new EntryResult[events.Count];
        var batch = new List<(int Index, PutEventsRequestEntry Entry)>(MaxEntriesPerRequest);
        var batchBytes = 0;
        var done = 0;
        var requests = 0;

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            PutEventsResponse response;
            try
            {
                response = await client.PutEventsAsync(new PutEventsRequest { Entries = [.. batch.Select(b => b.Entry)] }, ct);
            }
            catch (AwsServiceException ex) when (ex.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
            {
                var failure = new PutEventsResultEntry { ErrorCode = ex.ErrorCode, ErrorMessage = ex.Message };
                response = new PutEventsResponse { FailedEntryCount = batch.Count, Entries = [.. batch.Select(_ => failure)] };
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var entry = i < response.Entries.Count ? response.Entries[i] : new PutEventsResultEntry { ErrorCode = "MissingResult", ErrorMessage = "No result for this entry." };
                var (index, request) = batch[i];
                results[index] = new EntryResult(index, request.DetailType!, entry.EventId, entry.ErrorCode, entry.ErrorMessage);
            }

            done += batch.Count;
            requests++;
            batch.Clear();
            batchBytes = 0;
            if (events.Count >= ProgressThreshold && (requests % 50 == 0 || done == events.Count))
            {
                await console.Error.WriteLineAsync($"put {done}/{events.Count} events");
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            var entry = ToEntry(events[i], bus);
            var size = EntrySize(entry);
            if (size > maxRequestBytes)
            {
                results[i] = new EntryResult(i, entry.DetailType!, null, "EntryTooLarge",
                    $"Entry size {size.ToString(CultureInfo.InvariantCulture)} bytes is over the request limit of {maxRequestBytes.ToString(CultureInfo.InvariantCulture)} bytes; not sent.");
                done++;
                continue;
            }

            if (batch.Count == MaxEntriesPerRequest || batchBytes + size > maxRequestBytes)
            {
                await FlushAsync();
            }

            batch.Add((i, entry));
            batchBytes += size;
        }

        await FlushAsync();
        return [.. results];
    }

    private static PutEventsRequestEntry ToEntry(JsonObject evt, string bus)
    {
        DateTimeOffset? time = null;
        if (evt["time"] is JsonValue t && DateTimeOffset.TryParse(t.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            time = parsed;
        }

        return new PutEventsRequestEntry
        {
            EventBusName = bus,
            Source = evt["source"]!.GetValue<string>(),
            DetailType = evt["detail-type"]!.GetValue<string>(),
            Detail = Json.Line(evt["detail"]),
            Resources = evt["resources"] is JsonArray resources ? [.. resources.Select(r => r!.GetValue<string>())] : null,
            Time = time,
        };
    }

    private static List<JsonObject> ReadEvents(string text)
    {
        var trimmed = text.TrimStart();
        IEnumerable<JsonNode?> nodes;
        if (trimmed.StartsWith('['))
        {
            nodes = Json.Parse(text, "The events file").AsArray();
        }
        else
        {
            try
            {
                nodes = [JsonNode.Parse(text)];
            }
            catch (JsonException)
            {
                nodes = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select((line, i) => Json.Parse(line, $"Line {i + 1} of the events file"));
            }
        }

        var events = new List<JsonObject>();
        foreach (var node in nodes)
        {
            events.Add(node as JsonObject ?? throw new UsageException("Every event must be a JSON object."));
        }

        return events.Count > 0 ? events : throw new UsageException("The events file holds no events.");
    }

    private static async Task ReportAsync(CliConsole console, List<EntryResult> results, OutputFormat output)
    {
        var failed = results.Count(r => r.ErrorCode is not null);
        if (output == OutputFormat.Json)
        {
            var array = new JsonArray();
            foreach (var r in results)
            {
                var item = new JsonObject { ["index"] = r.Index, ["detailType"] = r.DetailType };
                if (r.ErrorCode is null)
                {
                    item["eventId"] = r.EventId;
                }
                else
                {
                    item["errorCode"] = r.ErrorCode;
                    item["errorMessage"] = r.ErrorMessage;
                }

                array.Add(item);
            }

            await console.Out.WriteLineAsync(Json.Pretty(new JsonObject { ["put"] = results.Count - failed, ["failed"] = failed, ["entries"] = array }));
            return;
        }

        foreach (var r in results)
        {
            await console.Out.WriteLineAsync(r.ErrorCode is null
                ? $"[{r.Index}] {r.DetailType} EventId {r.EventId}"
                : $"[{r.Index}] {r.DetailType} error {r.ErrorCode}: {r.ErrorMessage}");
        }

        await console.Out.WriteLineAsync($"{results.Count - failed} put, {failed} failed");
    }

    private sealed record EntryResult(int Index, string DetailType, string? EventId, string? ErrorCode, string? ErrorMessage);
}
