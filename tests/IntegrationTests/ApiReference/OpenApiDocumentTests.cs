using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.ApiReference;

/// <summary>What the running gateway's /openapi/v1.json tells a client: how to authenticate, which headers, which codes.</summary>
[Collection(ServiceHostsCollection.Name)]
public class OpenApiDocumentTests(ServiceHostsFixture hosts)
{
    private const string DevTokenOperation = "IssueDevelopmentToken";

    [Fact]
    public async Task The_bearer_scheme_is_a_JWT_component()
    {
        var scheme = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());
    }

    [Fact]
    public async Task Exactly_the_authorized_operations_require_the_bearer_scheme_and_the_tenant_header()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        Assert.Contains(operations, operation => operation.Id == DevTokenOperation);
        foreach (var (id, operation) in operations)
        {
            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));
            var tenant = Parameters(operation).SingleOrDefault(parameter =>
                parameter.GetProperty("in").GetString() == "header" && parameter.GetProperty("name").GetString() == "X-Tenant-ID");
            var anonymous = id == DevTokenOperation;
            Assert.True(secured != anonymous, $"{id}: security requirement {(secured ? "present" : "missing")}.");
            Assert.True((tenant.ValueKind == JsonValueKind.Object) != anonymous, $"{id}: X-Tenant-ID {(anonymous ? "present" : "missing")}.");
            if (!anonymous)
            {
                Assert.True(tenant.GetProperty("required").GetBoolean(), id);
                Assert.False(string.IsNullOrWhiteSpace(tenant.GetProperty("description").GetString()), id);
            }
        }
    }

    [Fact]
    public async Task An_anonymous_request_to_an_operation_with_a_requirement_is_refused_and_one_without_is_not()
    {
        using var client = hosts.CreateAnonymousClient();

        var secured = await client.GetAsync($"api/uploads/{Guid.NewGuid()}/status");
        var anonymous = await client.PostAsJsonAsync("api/dev/token", new { userId = "alice", tenants = new[] { "acme" } });

        await ProblemAssert.IsProblemAsync(secured, System.Net.HttpStatusCode.Unauthorized, "missing_token");
        Assert.Equal(System.Net.HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task Initiate_states_the_rules_of_its_optional_Idempotency_Key()
    {
        var initiate = Operation(await DocumentAsync(), "InitiateUploads");

        var key = Parameters(initiate).Single(parameter => parameter.GetProperty("name").GetString() == "Idempotency-Key");

        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.False(key.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal(255, key.GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Contains("24 hours", key.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(initiate.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("Idempotent-Replayed", out _));
        Assert.All(Operations(await DocumentAsync()).Where(operation => operation.Id != "InitiateUploads"),
            operation => Assert.DoesNotContain(Parameters(operation.Operation), parameter => parameter.GetProperty("name").GetString() == "Idempotency-Key"));
    }

    [Fact]
    public async Task Every_429_and_503_answer_carries_Retry_After()
    {
        var answers = Operations(await DocumentAsync())
            .SelectMany(operation => operation.Operation.GetProperty("responses").EnumerateObject()
                .Where(response => response.Name is "429" or "503")
                .Select(response => (operation.Id, response.Name, response.Value)))
            .ToList();

        Assert.NotEmpty(answers);
        Assert.All(answers, answer => Assert.True(
            answer.Value.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Retry-After", out _),
            $"{answer.Id} {answer.Name} has no Retry-After"));
    }

    [Fact]
    public async Task Initiate_declares_its_codes_per_status_with_a_code_restricted_schema()
    {
        var responses = Operation(await DocumentAsync(), "InitiateUploads").GetProperty("responses");

        Assert.Equal(["files_rejected", "idempotency_key_reused"], Codes(responses.GetProperty("422"), "x-problem-codes"));
        Assert.Equal(["file_empty", "file_too_large", "file_name_invalid", "file_type_not_allowed", "content_type_not_allowed",
            "content_type_mismatch", "checksum_invalid"], Codes(responses.GetProperty("422"), "x-file-codes"));
        Assert.Equal(["quota_bytes_exceeded", "quota_files_exceeded", "quota_in_flight_exceeded"], Codes(responses.GetProperty("409"), "x-problem-codes"));
        Assert.Equal(["missing_token", "invalid_token"], Codes(responses.GetProperty("401"), "x-problem-codes"));
        Assert.Equal(["rate_limited"], Codes(responses.GetProperty("429"), "x-problem-codes"));
        Assert.Equal(["cluster_unavailable", "dependency_unavailable"], Codes(responses.GetProperty("503"), "x-problem-codes"));
        var conflict = responses.GetProperty("409").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.Equal(Codes(responses.GetProperty("409"), "x-problem-codes"),
            conflict.GetProperty("allOf")[1].GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(code => code.GetString()!).ToList());
        Assert.Contains("quota_in_flight_exceeded", responses.GetProperty("409").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_operation_that_calls_the_cluster_declares_503_and_only_those()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        foreach (var (id, operation) in operations)
        {
            var declares = operation.GetProperty("responses").TryGetProperty("503", out _);
            Assert.True(declares == (id != DevTokenOperation), $"{id}: 503 {(declares ? "declared" : "missing")}.");
        }
    }

    [Theory]
    [InlineData("InitiateUploads", "single")]
    [InlineData("InitiateUploads", "multipart")]
    [InlineData("CompleteMultipartUpload", "parts")]
    public async Task Request_bodies_have_examples(string operationId, string example)
    {
        var body = Operation(await DocumentAsync(), operationId).GetProperty("requestBody").GetProperty("content").GetProperty("application/json");

        Assert.True(body.GetProperty("examples").GetProperty(example).TryGetProperty("value", out _));
    }

    [Theory]
    [InlineData("InitiateUploads", "single", "method", "PUT")]
    [InlineData("InitiateUploads", "multipart", "method", "MULTIPART")]
    [InlineData("GetUploadStatus", "completed", "status", "COMPLETED")]
    [InlineData("CompleteMultipartUpload", "uploaded", "status", "UPLOADED")]
    public async Task Answers_have_examples(string operationId, string example, string field, string value)
    {
        var ok = Operation(await DocumentAsync(), operationId).GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json");

        var shown = ok.GetProperty("examples").GetProperty(example).GetProperty("value");

        var found = shown.TryGetProperty("uploads", out var uploads) ? uploads[0] : shown;
        Assert.Equal(value, found.GetProperty(field).GetString());
    }

    [Fact]
    public async Task Each_operation_family_shows_a_problem_example_of_a_code_it_declares()
    {
        var document = await DocumentAsync();
        var examples = Operations(document)
            .SelectMany(operation => operation.Operation.GetProperty("responses").EnumerateObject()
                .Where(response => response.Value.TryGetProperty("x-problem-codes", out _))
                .SelectMany(response => ProblemExamples(response.Value)
                    .Select(example => (Tag: operation.Operation.GetProperty("tags")[0].GetString()!, Response: response.Value, Example: example))))
            .ToList();

        Assert.Equal(["Development", "Operations", "Projects", "Push", "Uploads"],
            examples.Where(example => example.Example.GetProperty("status").GetInt32() is not (401 or 503))
                .Select(example => example.Tag).Distinct().Order(StringComparer.Ordinal));
        Assert.All(examples, example => Assert.Contains(example.Example.GetProperty("code").GetString()!, Codes(example.Response, "x-problem-codes")));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = hosts.CreateAnonymousClient();
        return await client.GetFromJsonAsync<JsonElement>("openapi/v1.json");
    }

    private static IEnumerable<(string Id, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("operationId", out _))
            .Select(operation => (operation.Value.GetProperty("operationId").GetString()!, operation.Value));

    private static JsonElement Operation(JsonElement document, string id) => Operations(document).Single(operation => operation.Id == id).Operation;

    private static List<JsonElement> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? [.. parameters.EnumerateArray()] : [];

    private static List<string> Codes(JsonElement response, string extension) =>
        response.GetProperty(extension).EnumerateArray().Select(code => code.GetString()!).ToList();

    private static IEnumerable<JsonElement> ProblemExamples(JsonElement response) =>
        response.GetProperty("content").GetProperty("application/problem+json").TryGetProperty("examples", out var examples)
            ? examples.EnumerateObject().Select(example => example.Value.GetProperty("value"))
            : [];
}
