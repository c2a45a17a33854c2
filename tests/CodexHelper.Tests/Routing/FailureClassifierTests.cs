using CodexHelper.Routing;

namespace CodexHelper.Tests.Routing;

public class FailureClassifierTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(599)]
    public void Upstream_faults_fail_over(int status) => Assert.Equal(AttemptOutcome.FailoverStatus, FailureClassifier.Classify(status));

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(422)]
    [InlineData(499)]
    public void Other_client_errors_are_neutral(int status) => Assert.Equal(AttemptOutcome.NeutralStatus, FailureClassifier.Classify(status));

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    [InlineData(301)]
    [InlineData(304)]
    public void The_rest_is_success(int status) => Assert.Equal(AttemptOutcome.Success, FailureClassifier.Classify(status));

    [Theory]
    [InlineData("120", 120)]
    [InlineData(" 7 ", 7)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1.5)]
    [InlineData("999999", 3600)]
    public void Delta_seconds(string header, double expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), FailureClassifier.ParseRetryAfter(header, Now));

    [Fact]
    public void Http_date_in_the_future_is_the_distance_to_it() =>
        Assert.Equal(TimeSpan.FromSeconds(90), FailureClassifier.ParseRetryAfter("Fri, 14 Mar 2025 12:01:30 GMT", Now));

    [Fact]
    public void Http_date_in_the_past_is_zero() =>
        Assert.Equal(TimeSpan.Zero, FailureClassifier.ParseRetryAfter("Fri, 14 Mar 2025 11:00:00 GMT", Now));

    [Fact]
    public void Http_date_far_away_is_clamped_to_an_hour() =>
        Assert.Equal(FailureClassifier.MaxRetryAfter, FailureClassifier.ParseRetryAfter("Sat, 15 Mar 2025 12:00:00 GMT", Now));

    [Fact]
    public void Obsolete_date_formats_are_accepted()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), FailureClassifier.ParseRetryAfter("Friday, 14-Mar-25 12:01:00 GMT", Now));
        Assert.Equal(TimeSpan.FromSeconds(60), FailureClassifier.ParseRetryAfter("Fri Mar 14 12:01:00 2025", Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("12 seconds")]
    public void Absent_or_invalid_is_null(string? header) => Assert.Null(FailureClassifier.ParseRetryAfter(header, Now));
}
