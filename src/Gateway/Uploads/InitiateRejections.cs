using BuildPeer.Gateway.Problems;
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

    private static int StatusOf(string code) => code switch
    {
        ProjectRefusals.ProjectNotFound => StatusCodes.Status404NotFound,
        UploadRefusals.UploadNotPermitted => StatusCodes.Status403Forbidden,
        ProjectRefusals.QuotaBytesExceeded or ProjectRefusals.QuotaFilesExceeded or ProjectRefusals.QuotaInFlightExceeded
            => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(string code) => code switch
    {
        ProjectRefusals.ProjectNotFound => "No such project.",
        UploadRefusals.UploadNotPermitted => "Your role in this project does not allow uploads.",
        ProjectRefusals.QuotaBytesExceeded => "The project has no room for these files.",
        ProjectRefusals.QuotaFilesExceeded => "The project may not hold more files.",
        ProjectRefusals.QuotaInFlightExceeded => "Too many uploads are in flight in this project; finish some first.",
        _ => "The request cannot be accepted.",
    };
}
