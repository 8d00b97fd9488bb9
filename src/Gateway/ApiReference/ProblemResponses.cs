namespace BuildPeer.Gateway.ApiReference;

/// <summary>The problem answers of one operation: declared and implied codes merged, one entry per status.</summary>
public static class ProblemResponses
{
    public static IReadOnlyList<ProblemCodesMetadata> Merge(IEnumerable<ProblemCodesMetadata> declarations) =>
        declarations
            .GroupBy(declaration => declaration.StatusCode)
            .OrderBy(group => group.Key)
            .Select(group => new ProblemCodesMetadata(group.Key,
                group.SelectMany(declaration => declaration.Codes).Distinct().ToList(),
                group.SelectMany(declaration => declaration.FileCodes).Distinct().ToList()))
            .ToList();
}
