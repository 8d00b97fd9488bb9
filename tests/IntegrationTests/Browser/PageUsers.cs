namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// A user of its own for a page test. The page lists at most 500 projects by name, and a shared user such as "alice"
/// can be a member of more on a stack that many test runs have used, so a new project could be missing from the picker.
/// </summary>
public static class PageUsers
{
    public static string New(string prefix = "page") => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
