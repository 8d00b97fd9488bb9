using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.Client.Gateway.Wire;

namespace BuildPeer.Client.Gateway;

/// <summary>Turns a gateway refusal (RFC 9457 problem+json with a <c>code</c>) into a <see cref="BuildPeerException"/>.</summary>
internal static class ProblemReader
{
    public static async Task<BuildPeerException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ProblemWire? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.ProblemWire, cancellationToken);
            }
            catch (JsonException)
            {
                // Not a problem document after all (a proxy's error page): the status still says enough.
            }
        }

        var code = string.IsNullOrWhiteSpace(problem?.Code) ? string.Create(CultureInfo.InvariantCulture, $"http_{status}") : problem.Code;
        var title = string.IsNullOrWhiteSpace(problem?.Title)
            ? string.Create(CultureInfo.InvariantCulture, $"The gateway answered {status} {response.ReasonPhrase}.")
            : problem.Title;
        var rejections = problem?.Files?
            .Select(file => new FileRejection(file.Filename ?? string.Empty, file.Code ?? code, file.Detail ?? string.Empty))
            .ToList();
        return new BuildPeerException(code, title, problem?.Detail, status, rejections);
    }
}
