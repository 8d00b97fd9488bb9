using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Operations;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Operations;

/// <summary>
/// Operator actions: process an upload again (tenant admins, for their tenant's uploads), look at or redrive the
/// dead-letter queue, and the uploads overview (service operators only: they span every tenant).
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
            .WithSummary("Processes a COMPLETED or FAILED upload again: outputs are overwritten and one new notification is sent.");
        api.MapGet("dead-letters", PeekDeadLettersAsync)
            .WithName("ListDeadLetters")
            .WithSummary("Shows messages in the dead-letter queue without taking them off it.");
        api.MapGet("uploads/overview", OverviewAsync)
            .WithName("UploadsOverview")
            .WithSummary("Uploads per tenant, project and status, the oldest unfinished ones, and the event queues' depth.");
        api.MapPost("dead-letters/redrive", RedriveAsync)
            .WithName("RedriveDeadLetters")
            .WithSummary("Moves messages from the dead-letter queue back to the upload events queue.");
        return api;
    }

    public static async Task<Results<Accepted<UploadStatusResponse>, ProblemHttpResult>> ReprocessAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        if (!caller.IsTenantAdmin && !caller.IsOperator)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted,
                "Only a tenant admin or an operator can reprocess uploads.");
        }

        if (await UploadAccess.FindAsync(uploadId, caller with { IsTenantAdmin = true }, cluster) is not { } upload)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound, "No such upload.");
        }

        var result = await upload.Grain.ReprocessAsync();
        if (!result.Succeeded)
        {
            return UploadsApi.CommandProblem(result.RefusalCode!, result.Detail!);
        }

        var view = await upload.Grain.GetStatusAsync(caller.TenantId) ?? upload.View;
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
        if (!caller.IsOperator)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted,
                "Only operators can see the uploads overview: it spans every tenant.");
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

    private static ProblemHttpResult? RefuseUnlessOperator(Caller caller, int? max)
    {
        if (!caller.IsOperator)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted,
                "Only operators can see or move dead letters: they hold every tenant's events.");
        }

        return max is < 1 or > MaxBatch
            ? ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                $"max must be between 1 and {MaxBatch}.")
            : null;
    }
}

public sealed record DeadLettersResponse(IReadOnlyList<DeadLetterView> Messages);
