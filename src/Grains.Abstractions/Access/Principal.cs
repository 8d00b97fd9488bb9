namespace BuildPeer.Grains.Abstractions.Access;

/// <summary>
/// Who is asking, as the gateway read it from the verified token and the <c>X-Tenant-ID</c> header: a user acting
/// in one tenant, whether they are that tenant's admin (role claim <c>{tenant}:admin</c>) and whether they are one
/// of the service's operators (role <c>operator</c>, platform-wide). Their role in a project is not part of who
/// they are: it comes with the <see cref="AccessTarget"/>.
/// </summary>
public record Principal(string UserId, string TenantId, bool IsTenantAdmin, bool IsOperator = false);
