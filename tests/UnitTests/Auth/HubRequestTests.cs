using BuildPeer.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace BuildPeer.UnitTests.Auth;

public class HubRequestTests
{
    [Theory]
    [InlineData("/hubs/uploads")]
    [InlineData("/hubs/uploads/negotiate")]
    public void On_the_hub_path_the_token_and_tenant_may_come_in_the_query_string(string path)
    {
        var request = Request(path, "?access_token=abc&tenant=acme");

        Assert.Equal("abc", HubRequest.TokenOf(request));
        Assert.Equal("acme", HubRequest.TenantOf(request));
    }

    [Theory]
    [InlineData("/api/projects/tower-7/events")]
    [InlineData("/hubs/uploadsx")]
    [InlineData("/")]
    public void Anywhere_else_the_query_string_authenticates_nothing(string path)
    {
        var request = Request(path, "?access_token=abc&tenant=acme");

        Assert.Null(HubRequest.TokenOf(request));
        Assert.Equal("", HubRequest.TenantOf(request));
    }

    [Fact]
    public void The_tenant_header_wins_over_the_query_string()
    {
        var request = Request("/hubs/uploads", "?tenant=globex");
        request.Headers[TenantMembershipRequirement.HeaderName] = "acme";

        Assert.Equal("acme", HubRequest.TenantOf(request));
    }

    private static HttpRequest Request(string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }
}
