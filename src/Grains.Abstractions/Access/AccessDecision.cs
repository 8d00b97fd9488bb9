namespace BuildPeer.Grains.Abstractions.Access;

/// <summary>How <see cref="AccessPolicy"/> answers.</summary>
public enum AccessOutcome
{
    /// <summary>The caller may do it.</summary>
    Allowed,

    /// <summary>The caller sees the thing but may not do this to it: answer 403 with the code.</summary>
    Refused,

    /// <summary>The caller must not learn the thing exists: answer exactly as if it did not (404).</summary>
    Hidden,
}

/// <summary>
/// The policy's answer: allowed, or refused with a stable <see cref="Code"/> (one of
/// <see cref="Errors.ErrorCodes"/>), a short <see cref="Title"/> and, where there is more to say, a
/// <see cref="Detail"/> that tells the caller what would let them do it.
/// </summary>
public sealed record AccessDecision(AccessOutcome Outcome, string? Code, string? Title, string? Detail)
{
    public static readonly AccessDecision Allow = new(AccessOutcome.Allowed, null, null, null);

    public bool Allowed => Outcome == AccessOutcome.Allowed;

    public static AccessDecision Refuse(string code, string title, string? detail = null) =>
        new(AccessOutcome.Refused, code, title, detail);

    public static AccessDecision Hide(string code, string title) => new(AccessOutcome.Hidden, code, title, null);
}
