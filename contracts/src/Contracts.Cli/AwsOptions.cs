using System.CommandLine;
using Aws;
using Aws.EventBridge;
using Aws.Schemas;

namespace Contracts.Cli;

internal sealed class AwsOptions
{
    private readonly Option<string?> _endpointUrl = new("--endpoint-url")
    {
        Description = "Service endpoint (default: AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then AWS), for example http://127.0.0.1:4566.",
    };

    private readonly Option<string?> _region = new("--region") { Description = "AWS region (default: AWS_REGION, the profile, then us-east-1)." };

    public void AddTo(Command command)
    {
        command.Add(_endpointUrl);
        command.Add(_region);
    }

    public EventBridgeClient CreateEventBridge(ParseResult parse, CliEnvironment environment) => new(Options(parse, environment));

    public SchemasClient CreateSchemas(ParseResult parse, CliEnvironment environment) => new(Options(parse, environment));

    private AwsClientOptions Options(ParseResult parse, CliEnvironment environment)
    {
        Uri? endpoint = null;
        if (parse.GetValue(_endpointUrl) is { } text
            && (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new UsageException($"--endpoint-url '{text}' is not an absolute http(s) URL.");
        }

        return new AwsClientOptions
        {
            ServiceUrl = endpoint,
            Region = parse.GetValue(_region),
            ConfigResolver = environment.AwsConfig,
            TimeProvider = environment.TimeProvider,
            PrimaryHandler = environment.HttpHandlerFactory?.Invoke(),
        };
    }
}
