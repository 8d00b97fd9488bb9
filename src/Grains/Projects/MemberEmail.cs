using System.Net.Mail;

namespace BuildPeer.Grains.Projects;

/// <summary>The rules for a member's email address: a bare address (no display name), at most 254 characters.</summary>
public static class MemberEmail
{
    private const int MaxLength = 254;

    /// <summary>
    /// True when <paramref name="email"/> may be stored: null (no change) gives a null address, empty (remove) too,
    /// anything else must be one plain address and comes back trimmed.
    /// </summary>
    public static bool TryNormalize(string? email, out string? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(email))
        {
            return true;
        }

        var trimmed = email.Trim();
        if (trimmed.Length > MaxLength || !MailAddress.TryCreate(trimmed, out var parsed)
            || parsed.Address != trimmed || parsed.DisplayName.Length > 0)
        {
            return false;
        }

        address = trimmed;
        return true;
    }
}
