using LocalCloud.CloudFormation.Engine;
using LocalCloud.CloudFormation.Iam;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LocalCloud.CloudFormation;

public static class CloudFormationRegistration
{
    /// <summary>CloudFormation (awsQuery, signing name <c>cloudformation</c>): the stack engine over every registered
    /// <see cref="IResourceProvider"/>, and the IAM resource providers (recorded, not enforced).</summary>
    public static IServiceCollection AddCloudFormation(this IServiceCollection services)
    {
        services.TryAddSingleton(new CloudFormationOptions());
        services.AddStorageSchema(CloudFormationStore.Storage);
        services.AddSingleton<CloudFormationStore>();
        services.AddSingleton<StackDeployer>();
        services.AddSingleton<StackWorkers>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<StackWorkers>());
        services.AddAwsJsonService<CloudFormationService>();
        services.AddAwsQueryProtocol<CloudFormationQueryProtocol>();
        services.AddStatusContributor<CloudFormationService>();
        services.AddResourceProvider<IamRoleProvider>();
        services.AddResourceProvider<IamPolicyProvider>();
        services.AddResourceProvider<IamManagedPolicyProvider>();
        return services;
    }
}
