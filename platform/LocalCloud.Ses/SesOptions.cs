namespace LocalCloud.Ses;

/// <summary>How the local SES behaves where AWS accounts differ.</summary>
public sealed class SesOptions
{
    /// <summary>False (the default) applies the SES sandbox rule: the sender must be a verified email address
    /// identity or belong to a verified domain identity of the request's account and region. True accepts any sender.</summary>
    public bool AllowAnySender { get; set; }
}
