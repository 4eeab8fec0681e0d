/// When an email that GOV.UK Notify refused for a temporary reason is tried again.
/// GOV.UK Notify API documentation, "Error codes": 429 (rate limit) and 500 errors can be retried;
/// 400 and 403 errors will fail the same way every time. The delays are Continuum's choice: they
/// back off roughly exponentially so a Notify outage of a couple of hours loses nothing, and the
/// fifth failure is final so an administrator sees the message rather than it retrying forever.
public enum OutboxRetryPolicy {
    /// Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt.
    public static let delaysInMinutes = [1, 5, 30, 120]
    public static let maxAttempts = delaysInMinutes.count + 1

    /// The wait after attempt number `attempt` (1-based) failed temporarily, or nil to give up.
    public static func delayAfterFailure(attempt: Int) -> Int? {
        guard attempt >= 1, attempt < maxAttempts else { return nil }
        return delaysInMinutes[attempt - 1]
    }
}
