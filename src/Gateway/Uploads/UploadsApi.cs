using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Uploads.StatusCache;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.RateLimiting;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BuildPeer.Gateway.Uploads;

public static class UploadsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string IdempotentReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/uploads")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Uploads");

        api.MapPost("initiate", InitiateAsync)
            .WithName("InitiateUploads")
            .RequireUploadRateLimit()
            .WithSummary("Reserve quota for files and get presigned URLs to send them straight to storage.")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, ErrorCodes.IdempotencyKeyInvalid,
                ErrorCodes.ProjectIdInvalid, ErrorCodes.NoFiles, ErrorCodes.TooManyFiles)
            .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.UploadNotPermitted)
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound)
            .ProducesProblemCodes(StatusCodes.Status409Conflict,
                ErrorCodes.QuotaBytesExceeded, ErrorCodes.QuotaFilesExceeded, ErrorCodes.QuotaInFlightExceeded)
            .ProducesFileRejections(ErrorCodes.FileEmpty, ErrorCodes.FileTooLarge, ErrorCodes.FileNameInvalid,
                ErrorCodes.FileTypeNotAllowed, ErrorCodes.ContentTypeNotAllowed, ErrorCodes.ContentTypeMismatch, ErrorCodes.ChecksumInvalid)
            .ProducesProblemCodes(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyReused);

        api.MapGet("{uploadId:guid}/status", GetStatusAsync)
            .WithName("GetUploadStatus")
            .WithSummary("Where an upload is in its life; the polling fallback to push notifications.")
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound);

        api.MapGet("{uploadId:guid}", GetAsync)
            .WithName("GetUpload")
            .WithSummary("The whole record of one upload.")
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound);

        api.MapPost("{uploadId:guid}/complete", CompleteAsync)
            .WithName("CompleteMultipartUpload")
            .RequireUploadRateLimit()
            .WithSummary("Complete a multipart upload from the parts the client uploaded.")
            .ProducesUploadCommandProblems()
            .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.MultipartUploadNotFound)
            .ProducesProblemCodes(StatusCodes.Status422UnprocessableEntity, ErrorCodes.InvalidParts);

        api.MapPost("{uploadId:guid}/parts", RefreshPartsAsync)
            .WithName("RefreshPartUrls")
            .RequireUploadRateLimit()
            .WithSummary("Fresh presigned URLs for some parts of a multipart upload, to resume it.")
            .ProducesUploadCommandProblems()
            .ProducesProblemCodes(StatusCodes.Status422UnprocessableEntity, ErrorCodes.InvalidParts);

        api.MapPost("{uploadId:guid}/url", RefreshPutUrlAsync)
            .WithName("RefreshPutUrl")
            .RequireUploadRateLimit()
            .WithSummary("A fresh presigned URL for a single-PUT upload, to retry after its URL expired.")
            .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotUploadOwner)
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound)
            .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.InvalidTransition, ErrorCodes.NotSinglePut);

        api.MapPost("{uploadId:guid}/abort", AbortAsync)
            .WithName("AbortUpload")
            .WithSummary("Give up a pending upload: storage is cleaned up and the quota released.")
            .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotUploadOwner)
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound)
            .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.InvalidTransition);

        return api;
    }

    public static async Task<Results<Ok<InitiateResponse>, ProblemHttpResult>> InitiateAsync(
        InitiateRequest request, Caller caller, IClusterClient cluster, HttpContext httpContext,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey)
    {
        using var telemetry = InitiateTelemetry.Start(request.ProjectId, request.Files?.Count ?? 0);
        if (string.IsNullOrWhiteSpace(request.ProjectId) || request.Files is null || request.Files.Any(file => file is null))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "The request needs a projectId and a list of files.",
                "Send { \"projectId\": \"...\", \"files\": [ { \"filename\", \"contentType\", \"size\" } ] }.");
        }

        if (idempotencyKey is not null && !IdempotencyKeys.IsValid(idempotencyKey))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.IdempotencyKeyInvalid,
                $"The {IdempotencyKeyHeader} header must be 1-{IdempotencyKeys.MaxLength} printable ASCII characters without spaces.");
        }

        var command = new InitiateUploadsCommand(caller.TenantId, caller.UserId, request.ProjectId,
            request.Files.Select(file => new FileToUpload(file!.Filename ?? string.Empty, file.ContentType ?? string.Empty, file.Size, file.ChecksumSha256))
                .ToList(),
            caller.IsTenantAdmin);

        InitiateUploadsResult result;
        if (idempotencyKey is null)
        {
            result = await cluster.GetGrain<IUploadInitiatorGrain>(0).InitiateAsync(command);
        }
        else
        {
            var idempotent = await cluster.GetGrain<IIdempotentInitiationGrain>(
                IdempotencyKeys.GrainKey(caller.TenantId, caller.UserId, idempotencyKey)).InitiateAsync(command);
            if (idempotent.KeyReused)
            {
                return ProblemDetailsSetup.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyReused,
                    $"This {IdempotencyKeyHeader} was already used for a different request.");
            }

            result = idempotent.Result!;
            if (idempotent.Replayed)
            {
                httpContext.Response.Headers[IdempotentReplayedHeader] = "true";
            }
        }

        telemetry.Record(result);
        return result.Accepted ? TypedResults.Ok(InitiateResponse.From(result.Tickets)) : InitiateRejections.ToProblem(result.Rejections);
    }

    /// <summary>The polling endpoint: served from the Redis cache when it holds the upload, from the grain otherwise.</summary>
    public static async Task<Results<Ok<UploadStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        Guid uploadId, Caller caller, IClusterClient cluster, UploadStatusCache cache, HttpContext httpContext)
    {
        if (await cache.GetAsync(uploadId) is { } cached)
        {
            httpContext.Response.Headers["X-Cache"] = "hit";
            var target = cached.TenantId == caller.TenantId
                ? AccessTarget.Upload(cached.ProjectId, await UploadAccess.ProjectStandingAsync(caller, cached.ProjectId, cluster), uploadedBy: null)
                : AccessTarget.NoUpload;
            if (AccessProblems.Refusal(caller, AccessAction.ViewUpload, target) is { } refused)
            {
                return refused;
            }

            return TypedResults.Ok(cached.Status);
        }

        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ViewUpload, cluster);
        if (upload is null)
        {
            return problem!;
        }

        var view = upload.View!;
        var status = UploadStatusResponse.From(view);
        await cache.SetAsync(uploadId, new CachedUploadStatus(caller.TenantId, view.ProjectId, status), view.Status.IsTerminal());
        httpContext.Response.Headers["X-Cache"] = "miss";
        return TypedResults.Ok(status);
    }

    public static async Task<Results<Ok<UploadDetailsResponse>, ProblemHttpResult>> GetAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ViewUpload, cluster);
        return upload is null ? problem! : TypedResults.Ok(UploadDetailsResponse.From(upload.View!));
    }

    public static async Task<Results<Ok<UploadStatusResponse>, ProblemHttpResult>> CompleteAsync(
        Guid uploadId, CompleteRequest request, Caller caller, IClusterClient cluster)
    {
        if (request.Parts is null || request.Parts.Any(part => part is null))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "The request needs the list of parts.", "Send { \"parts\": [ { \"PartNumber\": 1, \"ETag\": \"...\" } ] }.");
        }

        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ChangeUpload, cluster);
        if (upload is null)
        {
            return problem!;
        }

        var result = await upload.Grain.CompleteMultipartAsync(
            request.Parts.Select(part => new CompletedPart(part!.PartNumber, part.ETag ?? string.Empty)).ToList());
        return result.Succeeded ? await StatusAsync(upload, caller) : CommandProblem(result.RefusalCode!, result.Detail!);
    }

    public static async Task<Results<Ok<PartUrlsResponse>, ProblemHttpResult>> RefreshPartsAsync(
        Guid uploadId, PartUrlsRequest request, Caller caller, IClusterClient cluster)
    {
        if (request.PartNumbers is not { Count: > 0 })
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "The request needs the part numbers to sign again.", "Send { \"partNumbers\": [ 2, 3 ] }.");
        }

        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ChangeUpload, cluster);
        if (upload is null)
        {
            return problem!;
        }

        var result = await upload.Grain.RefreshPartUrlsAsync(request.PartNumbers);
        return result.Succeeded
            ? TypedResults.Ok(new PartUrlsResponse(result.Parts.Select(PartUrlResponse.From).ToList(), result.ExpiresAt))
            : CommandProblem(result.RefusalCode!, result.Detail!);
    }

    public static async Task<Results<Ok<PutUrlResponse>, ProblemHttpResult>> RefreshPutUrlAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ChangeUpload, cluster);
        if (upload is null)
        {
            return problem!;
        }

        var result = await upload.Grain.RefreshPutUrlAsync();
        return result.Succeeded
            ? TypedResults.Ok(new PutUrlResponse(result.Url!, result.Headers, result.ExpiresAt))
            : CommandProblem(result.RefusalCode!, result.Detail!);
    }

    public static async Task<Results<Ok<UploadStatusResponse>, ProblemHttpResult>> AbortAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ChangeUpload, cluster);
        if (upload is null)
        {
            return problem!;
        }

        var result = await upload.Grain.AbortAsync();
        return result.Succeeded ? await StatusAsync(upload, caller) : CommandProblem(result.RefusalCode!, result.Detail!);
    }

    /// <summary>The upload as it is after a command, in the shape of the status endpoint.</summary>
    private static async Task<Ok<UploadStatusResponse>> StatusAsync(UploadAccess upload, Caller caller) =>
        TypedResults.Ok(UploadStatusResponse.From(await upload.Grain.GetStatusAsync(caller.TenantId) ?? upload.View!));

    /// <summary>What a command on a multipart upload can be refused with, besides its own codes.</summary>
    private static RouteHandlerBuilder ProducesUploadCommandProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest)
        .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotUploadOwner)
        .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound)
        .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.InvalidTransition, ErrorCodes.NotMultipart);

    internal static ProblemHttpResult UploadNotFound() =>
        ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound, "No such upload.");

    internal static ProblemHttpResult CommandProblem(string code, string detail) => code switch
    {
        ErrorCodes.UploadNotFound => UploadNotFound(),
        ErrorCodes.InvalidParts => ProblemDetailsSetup.Problem(StatusCodes.Status422UnprocessableEntity, code, "The parts do not make up this upload.", detail),
        ErrorCodes.NotMultipart => ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, code, "This upload is not a multipart upload.", detail),
        ErrorCodes.NotSinglePut => ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, code, "This upload is not a single PUT.", detail),
        _ => ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, code, "The upload is not in a state that allows this.", detail),
    };
}
