using System.Net;
using System.Net.Http.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>Every way an initiate can be wrong comes back with its own stable code, and reserves nothing.</summary>
[Collection(ServiceHostsCollection.Name)]
public class InitiateValidationTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts, new { maxFileSizeBytes = 10_000 })
{
    [Theory]
    [InlineData("photo.jpg", "image/jpeg", 0, "file_empty")]
    [InlineData("photo.jpg", "image/jpeg", 10_001, "file_too_large")]
    [InlineData("setup.exe", "application/octet-stream", 10, "file_type_not_allowed")]
    [InlineData("photo.jpg", "text/html", 10, "content_type_not_allowed")]
    [InlineData("photo.jpg", "application/pdf", 10, "content_type_mismatch")]
    [InlineData("", "image/jpeg", 10, "file_name_invalid")]
    public async Task A_bad_file_is_rejected_with_its_code(string filename, string contentType, long size, string code)
    {
        var response = await ApiCalls.InitiateAsync(Alice, Project, ApiCalls.File(filename, contentType, size));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "files_rejected");
        Assert.Equal(code, problem.GetProperty("files")[0].GetProperty("code").GetString());
        await AssertNothingReservedAsync();
    }

    [Fact]
    public async Task More_than_50_files_are_refused_as_a_whole()
    {
        var files = Enumerable.Range(0, 51).Select(i => ApiCalls.File($"{i}.jpg", "image/jpeg", 1)).ToArray();

        var response = await ApiCalls.InitiateAsync(Alice, Project, files);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "too_many_files");
        await AssertNothingReservedAsync();
    }

    [Fact]
    public async Task An_empty_file_list_is_refused()
    {
        var response = await ApiCalls.InitiateAsync(Alice, Project);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "no_files");
    }

    [Fact]
    public async Task AProject_id_that_cannot_be_a_key_segment_is_refused()
    {
        var response = await Alice.PostAsJsonAsync("api/uploads/initiate",
            new { projectId = "../other", files = new[] { ApiCalls.File("a.jpg", "image/jpeg", 1) } });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "project_id_invalid");
    }

    [Fact]
    public async Task A_hostile_file_name_is_kept_for_display_and_sanitised_for_the_key()
    {
        var upload = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("../../etc/pass wd?.jpg", "image/jpeg", 5)))[0];

        Assert.Equal("../../etc/pass wd?.jpg", upload.GetProperty("filename").GetString());
        Assert.EndsWith($"/{upload.GetProperty("uploadId").GetGuid()}/pass_wd_.jpg",
            new Uri(upload.GetProperty("url").GetString()!).AbsolutePath, StringComparison.Ordinal);
    }

    private async Task AssertNothingReservedAsync()
    {
        var usage = (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("inFlight").GetInt32());
    }
}
