using System.Text;
using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Scheduler.Model;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Scheduler.Firing;

/// <summary>
/// The delivery kind <c>scheduler</c>: one invocation of a schedule's target, retried by the delivery engine under the
/// schedule's RetryPolicy and dead-lettered to its DeadLetterConfig. Each attempt renders the Input with its context
/// attributes (so <c>&lt;aws.scheduler.attempt-number&gt;</c> counts) and calls the target through Core's ports: a bus
/// (<c>PutEvents</c>), a queue (<c>SendMessage</c>), a function (asynchronous <c>Invoke</c>, handed to Lambda's own
/// asynchronous queue), or a universal target (<c>sqs:sendMessage</c>, <c>lambda:invoke</c>,
/// <c>eventbridge:putEvents</c>, with the request in Input). Error codes are the target API's.
/// </summary>
internal sealed class ScheduleTargetKind(IServiceProvider services, TimeProvider time) : IDeliveryTargetKind
{
    public const string KindName = "scheduler";
    public const string LambdaKind = "lambda";

    public string Kind => KindName;

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var invocation = JsonSerializer.Deserialize(delivery.Payload, SchedulerModelJsonContext.Default.ScheduledInvocation)
            ?? throw new InvalidOperationException("Empty scheduled invocation.");
        var target = invocation.Target;
        var input = ContextAttributes.Render(target.Input ?? "{}", invocation, delivery.Attempts + 1);
        var scope = new ResourceScope(invocation.AccountId, invocation.Region);
        var kind = TargetKinds.Of(target.Arn);
        try
        {
            return kind switch
            {
                TargetKind.EventBus => await PutEventAsync(scope, target, invocation, input, cancellationToken),
                TargetKind.Queue => await SendMessageAsync(target.Arn, input, null, cancellationToken),
                TargetKind.Function => await InvokeEventAsync(delivery, TargetKinds.FunctionArn(target.Arn), input, cancellationToken),
                TargetKind.Universal => await UniversalAsync(delivery, scope, target.Arn, input, cancellationToken),
                _ => DeliveryOutcome.Permanent("ValidationException", $"Target {target.Arn} is not emulated by the local cloud."),
            };
        }
        catch (JsonException ex)
        {
            return DeliveryOutcome.Permanent("ValidationException", "The target's Input is not the JSON its API expects: " + ex.Message);
        }
    }

    private async Task<DeliveryOutcome> PutEventAsync(ResourceScope scope, ScheduleTarget target, ScheduledInvocation invocation, string input, CancellationToken cancellationToken)
    {
        if (services.GetService<IEventBusPort>() is not { } buses)
        {
            return DeliveryOutcome.Permanent("ResourceNotFoundException", "EventBridge is not available in this local cloud.");
        }

        if (!buses.Exists(scope, target.Arn))
        {
            return DeliveryOutcome.Permanent("ResourceNotFoundException", $"Event bus {target.Arn} does not exist.");
        }

        var entry = new EventBusEntry(target.Source ?? "aws.scheduler", target.DetailType ?? "Scheduled Event", input)
        {
            EventBusName = target.Arn,
            Resources = [invocation.ScheduleArn],
        };
        return await PutAsync(buses, scope, [entry], cancellationToken);
    }

    private static async Task<DeliveryOutcome> PutAsync(IEventBusPort buses, ResourceScope scope, IReadOnlyList<EventBusEntry> entries, CancellationToken cancellationToken)
    {
        IReadOnlyList<EventBusPutResult> results;
        try
        {
            results = await buses.PutEventsAsync(scope, entries, cancellationToken);
        }
        catch (ServiceException ex)
        {
            return ex.IsSenderFault ? DeliveryOutcome.Permanent(ex.Code, ex.Message) : DeliveryOutcome.Retry(ex.Code, ex.Message);
        }

        foreach (var result in results)
        {
            if (!result.Succeeded)
            {
                return result.ErrorCode is "InternalFailure" or "ThrottlingException"
                    ? DeliveryOutcome.Retry(result.ErrorCode, result.ErrorMessage ?? "PutEvents failed.")
                    : DeliveryOutcome.Permanent(result.ErrorCode ?? "InternalFailure", result.ErrorMessage ?? "PutEvents failed.");
            }
        }

        return DeliveryOutcome.Delivered;
    }

    private async Task<DeliveryOutcome> SendMessageAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, (string DataType, string Value)>? attributes,
        CancellationToken cancellationToken)
    {
        if (services.GetService<IQueuePort>() is not { } queues)
        {
            return DeliveryOutcome.Permanent("AWS.SimpleQueueService.NonExistentQueue", "SQS is not available in this local cloud.");
        }

        if (!queues.Exists(queueArn))
        {
            return DeliveryOutcome.Permanent("AWS.SimpleQueueService.NonExistentQueue", $"The specified queue does not exist: {queueArn}.");
        }

        try
        {
            await queues.SendAsync(queueArn, body, attributes, cancellationToken);
            return DeliveryOutcome.Delivered;
        }
        catch (ServiceException ex)
        {
            return ex.IsSenderFault ? DeliveryOutcome.Permanent(ex.Code, ex.Message) : DeliveryOutcome.Retry(ex.Code, ex.Message);
        }
    }

    /// <summary>An asynchronous (<c>Event</c>) invocation: once the function exists, the event is Lambda's, handed to
    /// its <c>lambda</c> delivery kind (asynchronous queue, its own retries and destinations). A local cloud without
    /// that kind (a test host with a fake function port) invokes the function through the port instead.</summary>
    private async Task<DeliveryOutcome> InvokeEventAsync(DeliveryRecord delivery, string functionArn, string payload, CancellationToken cancellationToken)
    {
        if (services.GetService<IFunctionPort>() is not { } functions || functions.Describe(functionArn) is null)
        {
            return DeliveryOutcome.Permanent("ResourceNotFoundException", $"Function not found: {functionArn}");
        }

        if (services.GetRequiredService<DeliveryEngine>().HasKind(LambdaKind))
        {
            return DeliveryOutcome.DeliveredAndForwarded(
            [
                new DeliveryRecord
                {
                    Id = Guid.NewGuid().ToString("N"),
                    TargetKind = LambdaKind,
                    TargetArn = functionArn,
                    Payload = payload,
                    Policy = delivery.Policy,
                    DeadLetterArn = delivery.DeadLetterArn,
                    DeadLetterBody = payload,
                    Metadata = delivery.Metadata,
                    CreatedAt = time.GetUtcNow(),
                    Origin = delivery.Origin,
                },
            ]);
        }

        return await InvokeAsync(functions, functionArn, payload, cancellationToken);
    }

    private static async Task<DeliveryOutcome> InvokeAsync(IFunctionPort functions, string functionArn, string payload, CancellationToken cancellationToken)
    {
        try
        {
            // The Invoke call succeeded: what the function did with the event is Lambda's concern, not Scheduler's.
            await functions.InvokeAsync(functionArn, Encoding.UTF8.GetBytes(payload), new FunctionInvokeOptions { Caller = "scheduler" }, cancellationToken);
            return DeliveryOutcome.Delivered;
        }
        catch (ServiceException ex) when (ex.StatusCode is 429 or >= 500)
        {
            return DeliveryOutcome.Retry(ex.Code, ex.Message);
        }
        catch (ServiceException ex)
        {
            return DeliveryOutcome.Permanent(ex.Code, ex.Message);
        }
    }

    private async Task<DeliveryOutcome> UniversalAsync(DeliveryRecord delivery, ResourceScope scope, string arn, string input, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(input);
        var request = document.RootElement;
        if (request.ValueKind != JsonValueKind.Object)
        {
            return DeliveryOutcome.Permanent("ValidationException", "The Input of a universal target must be the API request as a JSON object.");
        }

        switch (TargetKinds.UniversalAction(arn))
        {
            case "sqs:sendmessage":
            {
                var url = String(request, "QueueUrl");
                var body = String(request, "MessageBody");
                if (url is null || body is null)
                {
                    return DeliveryOutcome.Permanent("MissingParameter", "sqs:sendMessage needs QueueUrl and MessageBody.");
                }

                return await SendMessageAsync(TargetKinds.QueueArnFromUrl(url, scope), body, MessageAttributes(request), cancellationToken);
            }

            case "lambda:invoke":
            {
                var name = String(request, "FunctionName");
                if (name is null)
                {
                    return DeliveryOutcome.Permanent("ValidationException", "lambda:invoke needs FunctionName.");
                }

                var functionArn = TargetKinds.FunctionArnFromName(name, scope);
                var payload = request.TryGetProperty("Payload", out var p) ? (p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetRawText()) : "{}";
                var invocationType = String(request, "InvocationType") ?? "RequestResponse";
                if (invocationType == "Event")
                {
                    return await InvokeEventAsync(delivery, functionArn, payload, cancellationToken);
                }

                if (services.GetService<IFunctionPort>() is not { } functions || functions.Describe(functionArn) is null)
                {
                    return DeliveryOutcome.Permanent("ResourceNotFoundException", $"Function not found: {functionArn}");
                }

                return invocationType == "DryRun" ? DeliveryOutcome.Delivered : await InvokeAsync(functions, functionArn, payload, cancellationToken);
            }

            case "eventbridge:putevents":
            {
                if (services.GetService<IEventBusPort>() is not { } buses)
                {
                    return DeliveryOutcome.Permanent("ResourceNotFoundException", "EventBridge is not available in this local cloud.");
                }

                if (!request.TryGetProperty("Entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
                {
                    return DeliveryOutcome.Permanent("ValidationException", "eventbridge:putEvents needs Entries.");
                }

                var list = new List<EventBusEntry>();
                foreach (var entry in entries.EnumerateArray())
                {
                    var detail = entry.TryGetProperty("Detail", out var d) ? (d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText()) : "{}";
                    list.Add(new EventBusEntry(String(entry, "Source") ?? "", String(entry, "DetailType") ?? "", detail)
                    {
                        EventBusName = String(entry, "EventBusName"),
                        Resources = entry.TryGetProperty("Resources", out var r) && r.ValueKind == JsonValueKind.Array
                            ? [.. r.EnumerateArray().Select(x => x.GetString() ?? "")]
                            : null,
                    });
                }

                return await PutAsync(buses, scope, list, cancellationToken);
            }

            default:
                return DeliveryOutcome.Permanent("ValidationException", $"Universal target {arn} is not emulated by the local cloud.");
        }
    }

    private static Dictionary<string, (string DataType, string Value)>? MessageAttributes(JsonElement request)
    {
        if (!request.TryGetProperty("MessageAttributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, (string DataType, string Value)>(StringComparer.Ordinal);
        foreach (var attribute in attributes.EnumerateObject())
        {
            if (attribute.Value.ValueKind == JsonValueKind.Object)
            {
                result[attribute.Name] = (String(attribute.Value, "DataType") ?? "String", String(attribute.Value, "StringValue") ?? "");
            }
        }

        return result;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
