using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Operations;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Operations;

/// <summary>
/// Operator actions: process an upload again (tenant admins and operators, for the uploads of the tenant they act
/// in), look at or redrive the dead-letter queue, and the uploads overview (operators only: they span every
/// tenant). <see cref="AccessPolicy"/> decides.
/// </summary>
public static class OperationsApi
{
    private const int MaxBatch = 100;

    public static RouteGroupBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/admin")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Operations");

        api.MapPost("uploads/{uploadId:guid}/reprocess", ReprocessAsync)
            .WithName("ReprocessUpload")
            .WithSummary("Processes a COMPLETED or FAILED upload again: outputs are overwritten and one new notification is sent.")
            .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted)
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound)
            .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.InvalidTransition);
        api.MapGet("dead-letters", PeekDeadLettersAsync)
            .WithName("ListDeadLetters")
            .WithSummary("Shows messages in the dead-letter queue without taking them off it.")
            .ProducesOperatorRefusals();
        api.MapGet("uploads/overview", OverviewAsync)
            .WithName("UploadsOverview")
            .WithSummary("Uploads per tenant, project and status, the oldest unfinished ones, and the event queues' depth.")
            .ProducesOperatorRefusals();
        api.MapPost("dead-letters/redrive", RedriveAsync)
            .WithName("RedriveDeadLetters")
            .WithSummary("Moves messages from the dead-letter queue back to the upload events queue.")
            .ProducesOperatorRefusals();
        return api;
    }

    public static async Task<Results<Accepted<UploadStatusResponse>, ProblemHttpResult>> ReprocessAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.Reprocess, cluster);
        if (upload is null)
        {
            return problem!;
        }

        var result = await upload.Grain.ReprocessAsync();
        if (!result.Succeeded)
        {
            return UploadsApi.CommandProblem(result.RefusalCode!, result.Detail!);
        }

        var view = await upload.Grain.GetStatusAsync(caller.TenantId) ?? upload.View!;
        return TypedResults.Accepted($"/api/uploads/{uploadId:D}/status", UploadStatusResponse.From(view));
    }

    public static async Task<Results<Ok<DeadLettersResponse>, ProblemHttpResult>> PeekDeadLettersAsync(
        Caller caller, IClusterClient cluster, int? max)
    {
        if (RefuseUnlessOperator(caller, max) is { } refusal)
        {
            return refusal;
        }

        var messages = await cluster.GetGrain<IDeadLetterGrain>(0).PeekAsync(max ?? 10);
        return TypedResults.Ok(new DeadLettersResponse(messages));
    }

    public static async Task<Results<Ok<RedriveResult>, ProblemHttpResult>> RedriveAsync(
        Caller caller, IClusterClient cluster, int? max)
    {
        if (RefuseUnlessOperator(caller, max) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(await cluster.GetGrain<IDeadLetterGrain>(0).RedriveAsync(max ?? 10));
    }

    public static async Task<Results<Ok<UploadsOverviewResponse>, ProblemHttpResult>> OverviewAsync(
        Caller caller, IClusterClient cluster, string? tenantId, string? projectId, int? oldest)
    {
        if (AccessProblems.Refusal(caller, AccessAction.ViewOverview, AccessTarget.Tenant) is { } refused)
        {
            return refused;
        }

        if (oldest is < 1 or > UploadsOverviewQuery.MaxOldest || (projectId is not null && tenantId is null))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                $"oldest must be between 1 and {UploadsOverviewQuery.MaxOldest}, and projectId needs tenantId.");
        }

        var overview = await cluster.GetGrain<IUploadsOverviewGrain>(0)
            .GetAsync(new UploadsOverviewQuery(tenantId, projectId, oldest ?? 20));
        return TypedResults.Ok(UploadsOverviewResponse.From(overview));
    }

    /// <summary>Operator calls: refused to everyone else, and a query out of range.</summary>
    private static RouteHandlerBuilder ProducesOperatorRefusals(this RouteHandlerBuilder builder) => builder
        .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest)
        .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted);

    private static ProblemHttpResult? RefuseUnlessOperator(Caller caller, int? max)
    {
        return AccessProblems.Refusal(caller, AccessAction.ManageDeadLetters, AccessTarget.Tenant) is { } refused
            ? refused
            : max is < 1 or > MaxBatch
            ? ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                $"max must be between 1 and {MaxBatch}.")
            : null;
    }
}

public sealed record DeadLettersResponse(IReadOnlyList<DeadLetterView> Messages);
