using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Uploads;

public static class UploadsApi
{
    public static RouteGroupBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/uploads")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Uploads");

        api.MapPost("initiate", InitiateAsync)
            .WithName("InitiateUploads")
            .WithSummary("Reserve uploads and get presigned URLs to send the files straight to storage.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("{uploadId:guid}/status", GetStatusAsync)
            .WithName("GetUploadStatus")
            .WithSummary("Where an upload is in its life; the polling fallback to push notifications.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static async Task<Results<Ok<InitiateResponse>, ProblemHttpResult>> InitiateAsync(
        InitiateRequest request, Caller caller, IClusterClient cluster)
    {
        if (string.IsNullOrWhiteSpace(request.ProjectId) || request.Files is null || request.Files.Any(file => file is null))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ProblemCodes.InvalidRequest,
                "The request needs a projectId and a list of files.",
                "Send { \"projectId\": \"...\", \"files\": [ { \"filename\", \"contentType\", \"size\" } ] }.");
        }

        var command = new InitiateUploadsCommand(caller.TenantId, caller.UserId, request.ProjectId,
            request.Files.Select(file => new FileToUpload(file!.Filename ?? string.Empty, file.ContentType ?? string.Empty, file.Size))
                .ToList());
        var result = await cluster.GetGrain<IUploadInitiatorGrain>(0).InitiateAsync(command);
        if (!result.Accepted)
        {
            return Rejected(result.Rejections);
        }

        return TypedResults.Ok(new InitiateResponse(result.Tickets.Select(ticket => new InitiatedUpload(
            ticket.UploadId, ticket.FileName, ticket.Size, "PUT", ticket.Url, ticket.ExpiresAt)).ToList()));
    }

    public static async Task<Results<Ok<UploadStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var view = await cluster.GetGrain<IUploadGrain>(uploadId).GetStatusAsync(caller.TenantId);
        return view is null
            // The same answer whether the upload does not exist or belongs to another tenant.
            ? ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, ProblemCodes.UploadNotFound, "No such upload.")
            : TypedResults.Ok(UploadStatusResponse.From(view));
    }

    private static ProblemHttpResult Rejected(IReadOnlyList<FileRejection> rejections)
    {
        // A rejection without a file index concerns the whole request (too many files, bad project id).
        if (rejections is [{ Index: < 0 } whole])
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, whole.Code, whole.Detail);
        }

        return ProblemDetailsSetup.Problem(StatusCodes.Status422UnprocessableEntity, ProblemCodes.FilesRejected,
            "Some files cannot be uploaded; nothing was reserved.",
            string.Join(" ", rejections.Select(rejection => $"{rejection.FileName}: {rejection.Detail}")),
            new Dictionary<string, object?>
            {
                ["files"] = rejections.Select(rejection => new
                {
                    index = rejection.Index,
                    filename = rejection.FileName,
                    code = rejection.Code,
                    detail = rejection.Detail,
                }).ToList(),
            });
    }
}
