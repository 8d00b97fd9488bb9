using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Uploads;

/// <summary>Turns a refused initiate into the problem+json a client can act on.</summary>
public static class InitiateRejections
{
    public static ProblemHttpResult ToProblem(IReadOnlyList<FileRejection> rejections)
    {
        // A rejection without a file index concerns the whole request (project, quota, too many files).
        if (rejections is [{ Index: < 0 } whole])
        {
            return ProblemDetailsSetup.Problem(StatusOf(whole.Code), whole.Code, TitleOf(whole.Code), whole.Detail);
        }

        return ProblemDetailsSetup.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.FilesRejected,
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

    private static int StatusOf(string code) => code switch
    {
        ErrorCodes.ProjectNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.UploadNotPermitted => StatusCodes.Status403Forbidden,
        ErrorCodes.QuotaBytesExceeded or ErrorCodes.QuotaFilesExceeded or ErrorCodes.QuotaInFlightExceeded
            => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(string code) => code switch
    {
        ErrorCodes.ProjectNotFound => "No such project.",
        ErrorCodes.UploadNotPermitted => "Your role in this project does not allow uploads.",
        ErrorCodes.QuotaBytesExceeded => "The project has no room for these files.",
        ErrorCodes.QuotaFilesExceeded => "The project may not hold more files.",
        ErrorCodes.QuotaInFlightExceeded => "Too many uploads are in flight in this project; finish some first.",
        _ => "The request cannot be accepted.",
    };
}
