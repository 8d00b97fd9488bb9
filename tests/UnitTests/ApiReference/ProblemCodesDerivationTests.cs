using System.Reflection;
using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace BuildPeer.UnitTests.ApiReference;

/// <summary>The codes an endpoint answers without its handler saying so, and how declarations merge per status.</summary>
public class ProblemCodesDerivationTests
{
    private static readonly EndpointBinding NothingBound = new(false, false, false);

    [Fact]
    public void An_anonymous_endpoint_that_binds_nothing_implies_no_codes()
    {
        Assert.Empty(ImpliedProblemCodes.Of([new AuthorizeAttribute(), new AllowAnonymousAttribute()], NothingBound));
    }

    [Fact]
    public void The_tenant_policy_implies_the_token_and_tenant_codes()
    {
        var implied = ImpliedProblemCodes.Of([new AuthorizeAttribute(AuthenticationSetup.TenantMemberPolicy)], NothingBound).ToList();

        Assert.Equal([ErrorCodes.MissingToken, ErrorCodes.InvalidToken], CodesOf(implied, StatusCodes.Status401Unauthorized));
        Assert.Equal([ErrorCodes.TenantHeaderMissing, ErrorCodes.TenantIdInvalid], CodesOf(implied, StatusCodes.Status400BadRequest));
        Assert.Equal([ErrorCodes.TenantForbidden], CodesOf(implied, StatusCodes.Status403Forbidden));
    }

    [Fact]
    public void A_handler_that_takes_the_cluster_client_implies_503()
    {
        var implied = ImpliedProblemCodes.Of([Handler(nameof(CallsCluster))], NothingBound).ToList();

        Assert.Equal([ErrorCodes.ClusterUnavailable, ErrorCodes.DependencyUnavailable], CodesOf(implied, StatusCodes.Status503ServiceUnavailable));
        Assert.Empty(ImpliedProblemCodes.Of([Handler(nameof(CallsNothing))], NothingBound));
    }

    [Fact]
    public void A_bound_body_implies_400_and_415_and_a_constrained_route_404()
    {
        var implied = ImpliedProblemCodes.Of([], new EndpointBinding(BindsBody: true, BindsTypedValues: false, ConstrainsRoute: true)).ToList();

        Assert.Equal([ErrorCodes.InvalidRequest], CodesOf(implied, StatusCodes.Status400BadRequest));
        Assert.Equal([ErrorCodes.UnsupportedMediaType], CodesOf(implied, StatusCodes.Status415UnsupportedMediaType));
        Assert.Equal([ErrorCodes.NotFound], CodesOf(implied, StatusCodes.Status404NotFound));
    }

    [Fact]
    public void Declarations_merge_into_one_response_per_status_in_declaration_order()
    {
        var merged = ProblemResponses.Merge(
        [
            new(409, ["b"], []), new(400, ["x", "y"], []), new(409, ["a", "b"], []), new(422, ["files_rejected"], ["f1"]),
        ]);

        Assert.Equal([400, 409, 422], merged.Select(response => response.StatusCode));
        Assert.Equal(["b", "a"], merged[1].Codes);
        Assert.Equal(["f1"], merged[2].FileCodes);
    }

    private static List<string> CodesOf(IEnumerable<ProblemCodesMetadata> implied, int status) =>
        [.. implied.Where(problem => problem.StatusCode == status).SelectMany(problem => problem.Codes)];

    private static MethodInfo Handler(string name) => typeof(ProblemCodesDerivationTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static string CallsCluster(IClusterClient cluster) => cluster.ToString()!;

    private static string CallsNothing(string value) => value;
}
