using LocalCloud.Core.Hosting;
using LocalCloud.Ses.Mailbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Ses;

public static class SesRegistration
{
    /// <summary>SES v2 (sending, identities, templates) and the local mailbox it delivers into, readable at
    /// <c>/_localcloud/ses/messages</c>. Register <see cref="SesOptions"/> first to change its defaults.</summary>
    public static IServiceCollection AddSes(this IServiceCollection services)
    {
        services.TryAddSingleton(new SesOptions());
        services.AddSingleton<SesStore>();
        services.AddSingleton<MailboxSignal>();
        services.AddStorageSchema(SesStore.Storage);
        services.AddRestJsonService<SesService>();
        services.AddStatusContributor<SesService>();
        services.AddEndpointContributor<MailboxEndpoints>();
        return services;
    }
}
