using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Projects;

namespace BuildPeer.Grains.Digests;

/// <summary>Someone a finished upload is mailed to; <see cref="Address"/> is null when no address is known for them.</summary>
public sealed record DigestRecipient(string UserId, string? Address);

/// <summary>
/// Who hears about a finished upload: the member who uploaded it (their own files' outcome is what they act on) and
/// the project's managers (who answer for the project, quarantined files above all). Viewers follow the project in
/// the app; mailing every member every hour would teach people to ignore the digest. Only current members of an
/// existing project are mailed.
/// </summary>
public static class DigestRecipients
{
    public static IReadOnlyList<DigestRecipient> For(ProjectView project, string uploadedBy, string? addressTemplate)
    {
        ArgumentNullException.ThrowIfNull(project);
        return [.. project.Members
            .Where(member => member.Value == ProjectRole.Manager || member.Key == uploadedBy)
            .Select(member => member.Key)
            .Order(StringComparer.Ordinal)
            .Select(userId => new DigestRecipient(userId, AddressOf(project, userId, addressTemplate)))];
    }

    /// <summary>The member's own address, else one made from <paramref name="addressTemplate"/> when that is valid.</summary>
    public static string? AddressOf(ProjectView project, string userId, string? addressTemplate)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.MemberEmails?.GetValueOrDefault(userId) is { Length: > 0 } own)
        {
            return own;
        }

        if (string.IsNullOrEmpty(addressTemplate))
        {
            return null;
        }

        var made = addressTemplate.Replace(DigestOptions.UserPlaceholder, userId, StringComparison.Ordinal);
        return MemberEmail.TryNormalize(made, out var address) ? address : null;
    }
}
