using System.Globalization;
using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Validation;
using LocalCloud.Lambda.Async.Wire;

namespace LocalCloud.Lambda.Async;

/// <summary>
/// <c>PutFunctionEventInvokeConfig</c> (PUT, replaces), <c>UpdateFunctionEventInvokeConfig</c> (POST, merges),
/// <c>GetFunctionEventInvokeConfig</c>, <c>DeleteFunctionEventInvokeConfig</c> and
/// <c>ListFunctionEventInvokeConfigs</c>, under <c>/2019-09-25/functions/{FunctionName}/event-invoke-config</c>.
/// </summary>
internal sealed partial class EventInvokeConfigOperations : ILambdaOperationSource
{
    private const string ConfigPath = "/2019-09-25/functions/{FunctionName}/event-invoke-config";
    private const int MaxListItems = 50;

    private const string DestinationPattern =
        @"$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)";

    private readonly AsyncInvocationStore _store;
    private readonly LambdaFunctions _functions;
    private readonly TimeProvider _time;

    public EventInvokeConfigOperations(AsyncInvocationStore store, LambdaFunctions functions, TimeProvider time)
    {
        _store = store;
        _functions = functions;
        _time = time;
        Operations =
        [
            new RestOperation("PutFunctionEventInvokeConfig", "PUT", ConfigPath, PutAsync),
            new RestOperation("UpdateFunctionEventInvokeConfig", "POST", ConfigPath, UpdateAsync),
            new RestOperation("GetFunctionEventInvokeConfig", "GET", ConfigPath, Get),
            new RestOperation("DeleteFunctionEventInvokeConfig", "DELETE", ConfigPath, DeleteAsync),
            new RestOperation("ListFunctionEventInvokeConfigs", "GET", ConfigPath + "/list", List),
        ];
    }

    public IEnumerable<RestOperation> Operations { get; }

    private async Task<RestResponse> PutAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var (reference, input) = ReadWrite(request);
        RequireFunction(reference);
        var (onSuccess, onFailure) = Destinations(reference, input.DestinationConfig);
        var config = new EventInvokeConfig(
            reference.FunctionArn,
            reference.EffectiveQualifier,
            input.MaximumRetryAttempts,
            input.MaximumEventAgeInSeconds,
            onSuccess,
            onFailure,
            _time.GetUtcNow());
        await _store.PutAsync(config);
        return Respond(config);
    }

    private async Task<RestResponse> UpdateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var (reference, input) = ReadWrite(request);
        RequireFunction(reference);
        if (_store.Get(reference.FunctionArn, reference.EffectiveQualifier) is null)
        {
            throw NoConfig(reference);
        }

        var (onSuccess, onFailure) = Destinations(reference, input.DestinationConfig);
        var now = _time.GetUtcNow();
        var updated = await _store.UpdateAsync(reference.FunctionArn, reference.EffectiveQualifier, existing => existing with
        {
            MaximumRetryAttempts = input.MaximumRetryAttempts ?? existing.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = input.MaximumEventAgeInSeconds ?? existing.MaximumEventAgeInSeconds,
            OnSuccess = input.DestinationConfig is null ? existing.OnSuccess : onSuccess,
            OnFailure = input.DestinationConfig is null ? existing.OnFailure : onFailure,
            LastModified = now,
        });
        return Respond(updated ?? throw NoConfig(reference));
    }

    private Task<RestResponse> Get(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var config = Exists(reference) ? _store.Get(reference.FunctionArn, reference.EffectiveQualifier) : null;
        return Task.FromResult(Respond(config ?? throw NoConfig(reference)));
    }

    private async Task<RestResponse> DeleteAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        if (!Exists(reference) || !await _store.DeleteAsync(reference.FunctionArn, reference.EffectiveQualifier))
        {
            throw NoConfig(reference);
        }

        return RestResponse.NoContent();
    }

    private Task<RestResponse> List(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = FunctionReference.Parse(request.Context.Scope, request.Route("FunctionName"), null);
        var limit = MaxListItems;
        if (request.Query("MaxItems") is { } maxItems)
        {
            if (!int.TryParse(maxItems, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit))
            {
                throw LambdaErrors.InvalidParameter($"Invalid value for MaxItems: {maxItems}");
            }

            if (limit is < 1 or > MaxListItems)
            {
                throw ValidationMessages.Range(limit, "maxItems", 1, MaxListItems);
            }
        }

        RequireFunction(reference with { Qualifier = null });
        var configs = _store.List(reference.FunctionArn)
            .Select((config, index) => (Key: index.ToString("D6", CultureInfo.InvariantCulture), Config: config));
        var (page, next) = PageToken.Page(configs, c => c.Key, request.Query("Marker"), limit,
            () => LambdaErrors.InvalidParameter("The marker is not valid."));
        var output = new ListFunctionEventInvokeConfigsOutput
        {
            FunctionEventInvokeConfigs = [.. page.Select(c => ToOutput(c.Config))],
            NextMarker = next,
        };
        return Task.FromResult(RestResponse.Json(output, EventInvokeConfigJsonContext.Default.ListFunctionEventInvokeConfigsOutput));
    }

    private static FunctionReference Reference(RestRequest request) =>
        FunctionReference.Parse(request.Context.Scope, request.Route("FunctionName"), request.Query("Qualifier"));

    private static (FunctionReference Reference, EventInvokeConfigInput Input) ReadWrite(RestRequest request)
    {
        var reference = Reference(request);
        EventInvokeConfigInput input;
        try
        {
            input = request.ReadJson(EventInvokeConfigJsonContext.Default.EventInvokeConfigInput);
        }
        catch (ServiceException ex) when (ex.Code == "SerializationException")
        {
            throw LambdaErrors.InvalidRequestContent("Could not parse request body into json: " + ex.Message);
        }

        if (input.MaximumRetryAttempts is { } retries && retries is < 0 or > 2)
        {
            throw ValidationMessages.Range(retries, "maximumRetryAttempts", 0, 2);
        }

        if (input.MaximumEventAgeInSeconds is { } age && age is < 60 or > 21_600)
        {
            throw ValidationMessages.Range(age, "maximumEventAgeInSeconds", 60, 21_600);
        }

        CheckPattern(input.DestinationConfig?.OnSuccess?.Destination, "destinationConfig.onSuccess.destination");
        CheckPattern(input.DestinationConfig?.OnFailure?.Destination, "destinationConfig.onFailure.destination");
        if (input.MaximumRetryAttempts is null && input.MaximumEventAgeInSeconds is null && input.DestinationConfig is null)
        {
            throw LambdaErrors.InvalidParameter("You must specify at least one of error handling or destination setting.");
        }

        return (reference, input);
    }

    private static void CheckPattern(string? destination, string member)
    {
        if (destination is null)
        {
            return;
        }

        if (destination.Length > 350)
        {
            throw ValidationMessages.MaxLength(destination, member, 350);
        }

        if (!DestinationRegex().IsMatch(destination))
        {
            throw ValidationMessages.Pattern(destination, member, DestinationPattern);
        }
    }

    /// <summary>The destinations as stored (none for an empty ARN), once each is one Lambda can send records to.</summary>
    private (string? OnSuccess, string? OnFailure) Destinations(FunctionReference function, DestinationConfigDto? config)
    {
        var onSuccess = NullIfEmpty(config?.OnSuccess?.Destination);
        var onFailure = NullIfEmpty(config?.OnFailure?.Destination);
        var valid = (onSuccess is null || IsDestination(function, onSuccess, success: true))
            & (onFailure is null || IsDestination(function, onFailure, success: false));
        if (!valid)
        {
            var successPart = onSuccess is null ? "null" : $"OnSuccess(destination={onSuccess})";
            var failurePart = onFailure is null ? "null" : $"OnFailure(destination={onFailure})";
            throw LambdaErrors.InvalidParameter($"The provided destination config DestinationConfig(onSuccess={successPart}, onFailure={failurePart}) is invalid.");
        }

        return (onSuccess, onFailure);
    }

    private bool IsDestination(FunctionReference function, string destination, bool success)
    {
        if (!Arn.TryParse(destination, out var arn))
        {
            return false;
        }

        switch (arn.Service)
        {
            case "lambda":
                var target = FunctionReference.FromArn(destination);
                if (!arn.Resource.StartsWith("function:", StringComparison.Ordinal) || _functions.Port?.Describe(destination) is null)
                {
                    throw LambdaErrors.InvalidParameter($"The destination ARN {destination} is invalid.");
                }

                if (target.FunctionArn == function.FunctionArn)
                {
                    throw LambdaErrors.InvalidParameter("You can't specify the function as a destination for itself.");
                }

                return true;
            case "sqs" or "sns" or "events":
                return true;
            case "s3":
                return !success;
            default:
                return false;
        }
    }

    private void RequireFunction(FunctionReference reference)
    {
        if (!Exists(reference))
        {
            throw LambdaErrors.NotFound("The function doesn't exist.");
        }
    }

    private bool Exists(FunctionReference reference) =>
        _functions.Port is { } port && port.Describe(reference.FunctionArn) is not null
        && (reference.EffectiveQualifier == FunctionReference.Latest || port.Describe(reference.DescribeArn) is not null);

    private static ServiceException NoConfig(FunctionReference reference) =>
        LambdaErrors.NotFound($"The function {reference.QualifiedArn} doesn't have an EventInvokeConfig");

    private static RestResponse Respond(EventInvokeConfig config) =>
        RestResponse.Json(ToOutput(config), EventInvokeConfigJsonContext.Default.FunctionEventInvokeConfigOutput);

    private static FunctionEventInvokeConfigOutput ToOutput(EventInvokeConfig config) => new()
    {
        LastModified = config.LastModified.ToUnixTimeMilliseconds() / 1000.0,
        FunctionArn = config.QualifiedArn,
        MaximumRetryAttempts = config.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = config.MaximumEventAgeInSeconds,
        DestinationConfig = new DestinationConfigDto
        {
            OnSuccess = new DestinationDto { Destination = config.OnSuccess },
            OnFailure = new DestinationDto { Destination = config.OnFailure },
        },
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex("^(?:" + DestinationPattern + ")$")]
    private static partial Regex DestinationRegex();
}
