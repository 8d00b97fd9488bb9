using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Auth;

/// <summary>An access refusal as problem+json: 404 for what the caller must not learn exists, 403 otherwise.</summary>
public static class AccessProblems
{
    public static ProblemHttpResult Of(AccessDecision decision) => ProblemDetailsSetup.Problem(
        decision.Outcome == AccessOutcome.Hidden ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden,
        decision.Code!, decision.Title!, decision.Detail);

    /// <summary>Asks the policy; null when allowed, the problem to answer otherwise.</summary>
    public static ProblemHttpResult? Refusal(Principal caller, AccessAction action, AccessTarget target) =>
        AccessPolicy.Decide(caller, action, target) is { Allowed: false } refused ? Of(refused) : null;
}
