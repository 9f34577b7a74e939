using System.Text.Json.Nodes;

namespace LocalCloud.Core.Resources;

/// <summary>
/// Creates, updates and deletes the resources of one CloudFormation resource type (<c>AWS::SQS::Queue</c>) for the
/// CloudFormation engine. A provider lives with its service (<c>LocalCloud.&lt;Svc&gt;/Resources/</c>) and is
/// registered with <see cref="ResourceProviderRegistration.AddResourceProvider{T}"/>; the engine finds it by
/// <see cref="ResourceType"/>. Providers act through their service's own operations, so a resource created by a
/// stack is the same as one created by the API, with the same validation and the same error messages.
/// </summary>
/// <remarks>
/// The engine hands a provider resolved properties only: intrinsic functions evaluated, <c>AWS::NoValue</c>
/// removed, a property the provider does not list in <see cref="Properties"/> rejected before the provider is
/// called. A provider reports failure by throwing: a <see cref="Hosting.ServiceException"/> from its service's
/// operations (its message becomes the stack event's status reason) or a <see cref="ResourceProviderException"/>.
/// </remarks>
public interface IResourceProvider
{
    /// <summary>The CloudFormation type, e.g. <c>AWS::Events::Rule</c>.</summary>
    string ResourceType { get; }

    /// <summary>
    /// Every top-level property the provider supports, with how CloudFormation applies a change to it (the
    /// property's "Update requires" line in the CloudFormation resource reference). The engine replaces the
    /// resource when any changed property is <see cref="UpdateBehavior.Replacement"/>, updates it in place
    /// otherwise.
    /// </summary>
    IReadOnlyDictionary<string, UpdateBehavior> Properties { get; }

    /// <summary>Creates the resource. Called once per create (or replacement).</summary>
    Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken);

    /// <summary>Updates the resource in place to <see cref="ResourceOperation.Properties"/>: only called when no
    /// changed property requires replacement. Returns the resource as it is now (its physical id unchanged).</summary>
    Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the resource. Must succeed when the resource no longer exists. <paramref name="current"/> is null when
    /// the local cloud stopped while the resource's creation was in flight: delete what
    /// <see cref="ResourceOperation.Properties"/> and <see cref="ResourceOperation.GeneratedName"/> would have created,
    /// if it exists.
    /// </summary>
    Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken);
}

/// <summary>How a change to a property is applied (CloudFormation's "Update requires").</summary>
public enum UpdateBehavior
{
    /// <summary>"No interruption": updated in place.</summary>
    NoInterruption,

    /// <summary>"Some interruptions": updated in place.</summary>
    SomeInterruptions,

    /// <summary>"Replacement": a new resource is created, references move to it, then the old one is deleted.</summary>
    Replacement,
}

/// <summary>
/// One provider call. <see cref="Context"/> is a request context in the stack's account and region (as if the stack's
/// caller had called the service), for calling the service's own operations.
/// </summary>
public sealed record ResourceOperation
{
    public required Hosting.RequestContext Context { get; init; }

    public required string StackName { get; init; }

    public required string StackId { get; init; }

    public required string LogicalId { get; init; }

    public required string ResourceType { get; init; }

    /// <summary>The resolved properties (an empty object when the template gives none).</summary>
    public required JsonObject Properties { get; init; }

    /// <summary>The properties of the resource before this update (null on create and delete).</summary>
    public JsonObject? PreviousProperties { get; init; }

    /// <summary>
    /// CloudFormation's generated physical name for a resource whose name property is not set:
    /// <c>&lt;stack name&gt;-&lt;logical id&gt;-&lt;13 random upper-case letters and digits&gt;</c>, the stack name and logical
    /// id shortened so that the whole fits the maximum length given. The same for every call on this resource
    /// (the suffix is stored with the resource before it is created), so a create interrupted by a crash can be
    /// found and deleted.
    /// </summary>
    public required Func<int, string> GeneratedName { get; init; }

    /// <summary>The stack's tags plus <c>aws:cloudformation:stack-name</c>, <c>aws:cloudformation:stack-id</c> and
    /// <c>aws:cloudformation:logical-id</c>, for providers whose resources take tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A resource as its provider created it. <see cref="PhysicalId"/> is what <c>Ref</c> returns unless
/// <see cref="RefValue"/> says otherwise; <see cref="Attributes"/> are its <c>Fn::GetAtt</c> values by attribute name
/// (<c>Arn</c>, <c>QueueName</c>, <c>StreamArn</c>, ...), as the CloudFormation resource reference documents them.
/// </summary>
public sealed record ProvisionedResource(string PhysicalId, IReadOnlyDictionary<string, JsonNode?> Attributes)
{
    public string? RefValue { get; init; }

    public static ProvisionedResource Of(string physicalId, params (string Name, JsonNode? Value)[] attributes) =>
        new(physicalId, attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));
}

/// <summary>A resource the engine holds: the provider's last answer and the properties it was given.</summary>
public sealed record ResourceState(ProvisionedResource Resource, JsonObject Properties)
{
    public string PhysicalId => Resource.PhysicalId;
}

/// <summary>A provider's failure that is not one of its service's errors; the message becomes the stack event's
/// status reason, e.g. <c>Property Pattern cannot be empty.</c></summary>
public sealed class ResourceProviderException(string message) : Exception(message);
