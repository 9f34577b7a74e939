using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Scheduler.Firing;
using LocalCloud.Scheduler.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Scheduler;

public static class SchedulerRegistration
{
    /// <summary>EventBridge Scheduler: the API, the firing loop, the <c>scheduler</c> delivery kind and the
    /// CloudFormation providers of <c>AWS::Scheduler::ScheduleGroup</c> and <c>AWS::Scheduler::Schedule</c>.</summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services)
    {
        services.AddDeliveryEngine();
        services.TryAddSingleton(new SchedulerOptions());
        services.AddStorageSchema(SchedulerStore.Storage);
        services.AddSingleton<SchedulerStore>();
        services.AddSingleton<ScheduleRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleRunner>());
        services.AddSingleton<SchedulerOperations>();
        services.AddSingleton<IDeliveryTargetKind, ScheduleTargetKind>();
        services.AddRestJsonService<SchedulerService>();
        services.AddStatusContributor<SchedulerService>();
        services.AddResourceProvider<ScheduleGroupProvider>();
        services.AddResourceProvider<ScheduleProvider>();
        return services;
    }
}
