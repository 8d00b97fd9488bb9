using System.Text;
using BuildPeer.Gateway.Push;

namespace BuildPeer.UnitTests.Push;

public class ServerSentEventsTests
{
    [Fact]
    public void A_message_is_its_fields_one_per_line_ended_by_a_blank_line()
    {
        var message = ServerSentEvents.Message("status", "0195-ab:3", """{"status":"PROCESSING"}""");

        Assert.Equal("event: status\nid: 0195-ab:3\ndata: {\"status\":\"PROCESSING\"}\n\n", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void Data_over_several_lines_gets_a_data_field_per_line()
    {
        var message = ServerSentEvents.Message("status", "1", "first\r\nsecond\nthird");

        Assert.Equal("event: status\nid: 1\ndata: first\ndata: second\ndata: third\n\n", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void The_keep_alive_is_a_comment_block_of_its_own()
    {
        Assert.Equal(": keep-alive\n\n", Encoding.UTF8.GetString(ServerSentEvents.Comment("keep-alive")));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void An_id_or_event_type_that_would_span_lines_is_refused(string value)
    {
        Assert.Throws<ArgumentException>(() => ServerSentEvents.Message("status", value, "{}"));
        Assert.Throws<ArgumentException>(() => ServerSentEvents.Message(value, "1", "{}"));
    }
}
