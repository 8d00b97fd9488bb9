using BuildPeer.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BuildPeer.UnitTests.Auth;

/// <summary>The page's token minting exists in Development only: a token from it is anyone's identity.</summary>
public class DevTokenApiTests
{
    private static readonly AuthOptions Options = new()
    {
        Issuer = "buildpeer", Audience = "buildpeer-uploads", SigningKey = new string('k', 32),
    };

    private static Results<Ok<DevTokenResponse>, ProblemHttpResult> Issue(DevTokenRequest request, string environment, AuthOptions? options = null)
    {
        options ??= Options;
        return DevTokenApi.Issue(request, new HostingEnvironment { EnvironmentName = environment },
            Microsoft.Extensions.Options.Options.Create(options), new DevTokenIssuer(options, TimeProvider.System));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void The_endpoint_is_not_mapped_outside_Development(string environment)
    {
        var app = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment }).Build();

        app.MapDevTokenApi();

        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>();
        Assert.DoesNotContain(routes, endpoint => endpoint.RoutePattern.RawText == DevTokenApi.Route);
    }

    [Fact]
    public void Reached_outside_Development_anyway_it_refuses_as_not_found()
    {
        var result = Issue(new DevTokenRequest("alice", ["acme"], "uploader", 1), Environments.Production);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status404NotFound, problem.StatusCode);
    }

    [Fact]
    public void In_Development_it_mints_a_token_for_the_user_tenants_and_role_asked_for()
    {
        var result = Issue(new DevTokenRequest("alice", ["acme", "globex"], "admin", 2), Environments.Development);

        var minted = Assert.IsType<Ok<DevTokenResponse>>(result.Result).Value!;
        var token = new JsonWebToken(minted.Token);
        Assert.Equal("alice", token.Subject);
        Assert.Equal(["acme", "globex"], token.Claims.Where(claim => claim.Type == BuildPeerClaims.Tenants).Select(claim => claim.Value));
        // Admin of each tenant the token lists, as one claim per tenant: no bare "admin" that would span tenants.
        Assert.Equal(["acme:admin", "globex:admin"], token.Claims.Where(claim => claim.Type == BuildPeerClaims.Role).Select(claim => claim.Value));
        Assert.InRange(token.ValidTo - DateTime.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
        Assert.InRange(minted.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
    }

    [Theory]
    [InlineData(null, "acme", "uploader", 1.0)]
    [InlineData("alice smith", "acme", "uploader", 1.0)]
    [InlineData("alice", "acme/other", "uploader", 1.0)]
    [InlineData("alice", "acme", "superuser", 1.0)]
    [InlineData("alice", "acme", "globex:admin", 1.0)]
    [InlineData("alice", "Acme", "uploader", 1.0)]
    [InlineData("alice", "ac_me", "uploader", 1.0)]
    [InlineData("alice", "acme", "uploader", 25.0)]
    [InlineData("alice", "acme", "uploader", 0.0)]
    public void A_request_outside_the_rules_is_a_bad_request(string? user, string tenant, string role, double hours)
    {
        var result = Issue(new DevTokenRequest(user, [tenant], role, hours), Environments.Development);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<ProblemHttpResult>(result.Result).StatusCode);
    }

    [Fact]
    public void A_tenant_admin_role_can_name_one_tenant_of_the_token()
    {
        var result = Issue(new DevTokenRequest("alice", ["acme", "globex"], "acme:admin", 1), Environments.Development);

        var token = new JsonWebToken(Assert.IsType<Ok<DevTokenResponse>>(result.Result).Value!.Token);
        Assert.Equal(["acme:admin"], token.Claims.Where(claim => claim.Type == BuildPeerClaims.Role).Select(claim => claim.Value));
    }

    [Fact]
    public void A_gateway_that_trusts_an_identity_provider_has_no_key_to_mint_with()
    {
        var production = new AuthOptions { Issuer = "buildpeer", Audience = "buildpeer-uploads", Authority = new Uri("https://login.example.com") };

        var result = Issue(new DevTokenRequest("alice", ["acme"], "uploader", 1), Environments.Development, production);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal("dev_tokens_unavailable", problem.ProblemDetails.Extensions["code"]);
    }
}
