namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// A user of its own for a page test. The page's picker shows a page of 50 projects by name, and a shared user such as
/// "alice" can be a member of many more on a stack that many test runs have used, so a new project could be on a later
/// page.
/// </summary>
public static class PageUsers
{
    public static string New(string prefix = "page") => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
