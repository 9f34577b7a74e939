using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Resources;
using LocalCloud.S3.Protocol;
using LocalCloud.S3.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LocalCloud.S3;

public static class S3Registration
{
    /// <summary>S3 (restXml, signing name <c>s3</c>), path style on the local cloud's port and virtual-host style at
    /// <c>http://{bucket}.s3.localhost:{port}</c>; objects in files under the data directory, metadata in SQLite; the
    /// <see cref="IObjectStorePort"/>; the <c>AWS::S3::Bucket</c> and <c>AWS::S3::BucketPolicy</c> providers.</summary>
    public static IServiceCollection AddS3(this IServiceCollection services)
    {
        services.AddSingleton<ObjectFiles>();
        services.AddSingleton<S3Store>();
        services.AddSingleton<S3Catalog>();
        services.AddSingleton<S3Service>();
        services.AddSingleton<S3ObjectStorePort>();
        services.AddSingleton<IObjectStorePort>(sp => sp.GetRequiredService<S3ObjectStorePort>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<S3ObjectStorePort>());
        services.AddStorageSchema(S3Store.Storage);
        services.AddStatusContributor<S3Service>();
        services.AddEndpointContributor<S3Endpoints>();
        services.AddRequestRewriter<S3Endpoints>();
        services.AddResourceProvider<BucketProvider>();
        services.AddResourceProvider<BucketPolicyProvider>();
        return services;
    }
}
