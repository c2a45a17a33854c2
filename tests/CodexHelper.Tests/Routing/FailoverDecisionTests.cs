using CodexHelper.Routing;

namespace CodexHelper.Tests.Routing;

public class FailoverDecisionTests
{
    [Theory]
    [InlineData("Success", "Success", false)]
    [InlineData("NeutralStatus", "Neutral", false)]
    [InlineData("FailoverStatus", "Failure", true)]
    [InlineData("ConnectFailed", "Failure", true)]
    [InlineData("TimedOut", "Failure", true)]
    [InlineData("BrokenMidStream", "Failure", false)]
    [InlineData("ClientAborted", "Neutral", false)]
    public void Each_outcome_has_one_meaning(string outcome, string record, bool tryNext) =>
        Assert.Equal(new FailoverDecision(Enum.Parse<HealthEffect>(record), tryNext), FailoverDecision.For(Enum.Parse<AttemptOutcome>(outcome)));

    [Fact]
    public void Every_outcome_is_decided() =>
        Assert.All(Enum.GetValues<AttemptOutcome>(), o => FailoverDecision.For(o));

    [Theory]
    [InlineData("Success", "Completed", "Success")]
    [InlineData("NeutralStatus", "Completed", "NeutralStatus")]
    [InlineData("FailoverStatus", "Completed", "FailoverStatus")]
    [InlineData("Success", "UpstreamBroke", "BrokenMidStream")]
    [InlineData("FailoverStatus", "UpstreamBroke", "BrokenMidStream")]
    [InlineData("Success", "ClientLeft", "ClientAborted")]
    [InlineData("FailoverStatus", "ClientLeft", "FailoverStatus")]
    public void A_relayed_answer_ends_with_one_outcome(string status, string end, string expected) =>
        Assert.Equal(Enum.Parse<AttemptOutcome>(expected), FailoverDecision.AfterRelay(Enum.Parse<AttemptOutcome>(status), Enum.Parse<RelayEnd>(end)));

    [Fact]
    public void A_status_line_is_classified_with_its_retry_after()
    {
        var result = AttemptResult.ForStatus(429, TimeSpan.FromSeconds(7));
        Assert.Equal(AttemptOutcome.FailoverStatus, result.Outcome);
        Assert.Equal("HTTP 429", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Null(AttemptResult.ForStatus(404, null).Error);
    }
}
