namespace BuildPeer.Client;

/// <summary>
/// Why an upload or a call did not succeed, with the gateway's stable <see cref="Code"/> (its RFC 9457 problem
/// <c>code</c>, e.g. <c>quota_bytes_exceeded</c>, <c>files_rejected</c>, <c>upload_not_found</c>) or one of the
/// client's own (<see cref="ErrorCodes.ClientSide"/>). Switch on the code, show the <see cref="Title"/>.
/// </summary>
public sealed class BuildPeerException : Exception
{
    /// <summary>A failure with its code and a short, human title.</summary>
    public BuildPeerException(string code, string title, string? detail = null, int? statusCode = null,
        IReadOnlyList<FileRejection>? rejections = null, Exception? innerException = null)
        : base(Describe(title, detail), innerException)
    {
        Code = code;
        Title = title;
        Detail = Adds(title, detail) ? detail : null;
        StatusCode = statusCode;
        Rejections = rejections ?? [];
    }

    private static bool Adds(string title, string? detail) =>
        !string.IsNullOrWhiteSpace(detail) && !string.Equals(detail.Trim(), title.Trim(), StringComparison.Ordinal);

    private static string Describe(string title, string? detail) => Adds(title, detail) ? $"{title} {detail}" : title;

    /// <summary>The stable, machine-readable reason.</summary>
    public string Code { get; }

    /// <summary>One short sentence for a person.</summary>
    public string Title { get; }

    /// <summary>More about this occurrence, when there is more to say.</summary>
    public string? Detail { get; }

    /// <summary>The gateway's HTTP status, when the gateway refused; null for failures on the client's side.</summary>
    public int? StatusCode { get; }

    /// <summary>For <c>files_rejected</c>: each refused file with its own code (<c>file_type_not_allowed</c>, ...).</summary>
    public IReadOnlyList<FileRejection> Rejections { get; }

    /// <summary>
    /// Whether running the same upload again may succeed without changing anything (the network, storage or the
    /// gateway's cluster failed beyond the retries); false when the gateway refused the request itself.
    /// </summary>
    public bool IsTransient => Code is ErrorCodes.TransferFailed or ErrorCodes.GatewayUnavailable
        || StatusCode is 408 or 429 or >= 500;
}

/// <summary>One file refused at initiate, as listed in a <c>files_rejected</c> problem.</summary>
/// <param name="FileName">The name the client sent.</param>
/// <param name="Code">Why: <c>file_type_not_allowed</c>, <c>file_too_large</c>, <c>content_type_mismatch</c>, ...</param>
/// <param name="Detail">The gateway's explanation.</param>
public sealed record FileRejection(string FileName, string Code, string Detail);
