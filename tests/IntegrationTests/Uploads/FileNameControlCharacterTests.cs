using System.Net;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>
/// A name with control characters is refused at initiate, per file: accepted, it would hold a NUL that PostgreSQL
/// cannot store, and the upload would never reach the listing.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public class FileNameControlCharacterTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task A_name_with_CR_LF_TAB_NUL_and_BEL_is_refused_with_file_name_invalid_and_nothing_is_reserved()
    {
        var response = await ApiCalls.InitiateAsync(Alice, Project,
            ApiCalls.File("site.jpg", "image/jpeg", 10),
            ApiCalls.File("obra\r\nSet-Cookie: a=b\t\0\a.jpg", "image/jpeg", 10));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "files_rejected");
        var refused = Assert.Single(problem.GetProperty("files").EnumerateArray());
        Assert.Equal(1, refused.GetProperty("index").GetInt32());
        Assert.Equal("file_name_invalid", refused.GetProperty("code").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var usage = (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("inFlight").GetInt32());
    }

    [Theory]
    [InlineData("invoice\u202Egpj.exe.jpg")]
    [InlineData("plan\u2066.pdf")]
    [InlineData("a\u200Fb.jpg")]
    [InlineData("a\u0085b.jpg")]
    public async Task Bidirectional_and_other_invisible_controls_are_refused(string fileName)
    {
        var contentType = fileName.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "image/jpeg";
        var response = await ApiCalls.InitiateAsync(Alice, Project, ApiCalls.File(fileName, contentType, 10));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "files_rejected");
        Assert.Equal("file_name_invalid", problem.GetProperty("files")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_name_in_any_script_with_emoji_and_punctuation_is_accepted_and_listed()
    {
        const string name = "año ñandú 😀 \"x\" 100% ; plan.jpg";

        var upload = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File(name, "image/jpeg", 10)))[0];

        Assert.Equal(name, upload.GetProperty("filename").GetString());
        var listed = await Eventually.MatchesAsync(() => ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/uploads"),
            page => page.GetProperty("uploads").GetArrayLength() > 0, TimeSpan.FromSeconds(10), "the upload's row");
        Assert.Equal(name, listed.GetProperty("uploads")[0].GetProperty("filename").GetString());
    }
}
