using System.Globalization;
using CodexHelper.Configuration;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Gateway;

/// <summary>
/// What the gateway decided about one request: admit it for a token, or refuse it with a status and a message
/// (<see cref="Token"/> is then the known token a 429 refused, for the log line's <c>client_token</c>, else null).
/// </summary>
internal readonly record struct Admission(ClientToken? Token, int Status, string? Message)
{
    public bool Refused => Message is not null;

    public static Admission Admit(ClientToken token) => new(token, 0, null);
    public static Admission Refuse(int status, string message, ClientToken? token = null) => new(token, status, message);
}

/// <summary>
/// The door of <c>serve --gateway</c>: every proxied request needs a client token; a token over its budget for the
/// period is refused before anything is forwarded; admin endpoints need an admin token. Decisions only: the proxy
/// writes the answer. Messages name neither the token presented nor anything about the upstreams.
/// </summary>
internal sealed class GatewayGuard(TokenStore tokens, ISpendLedger ledger, ServiceKind service, TimeProvider clock)
{
    /// <remarks>
    /// No header names in the text: Claude Code replaces any error message containing "x-api-key" with its own
    /// "Invalid API key · Fix external API key", which hides that the gateway refused the token.
    /// </remarks>
    public const string Unauthorized = "codex-helper gateway: missing or unknown client token (send your gateway token as the API key or as Authorization: Bearer <token>; the gateway's admin issues them with `codex-helper token add`)";

    public TokenStore Tokens => tokens;
    public ISpendLedger Ledger => ledger;

    public Admission Admit(HttpRequest request)
    {
        var token = tokens.Find(PresentedToken.From(request.Headers), service);
        if (token is null)
        {
            return Admission.Refuse(StatusCodes.Status401Unauthorized, Unauthorized);
        }

        if (token.BudgetUsd is { } budget)
        {
            var period = BudgetPeriod.Key(token.Period, clock.GetUtcNow());
            var spent = ledger.Spent(token.Name, period);
            if (spent >= budget)
            {
                return Admission.Refuse(StatusCodes.Status429TooManyRequests, string.Create(CultureInfo.InvariantCulture,
                    $"codex-helper gateway: token \"{token.Name}\" has spent ${spent:0.####} of its ${budget:0.####} budget for {period}; ask the gateway's admin to raise it, or wait for the next {token.Period ?? "month"}"), token);
            }
        }

        return Admission.Admit(token);
    }

    /// <summary>Status, dashboard and metrics: an admin token only (a client token is refused like no token).</summary>
    public bool IsAdmin(HttpRequest request) =>
        tokens.Find(PresentedToken.From(request.Headers), service) is { Admin: true };

    /// <summary>Charges a finished request's cost to its token for the current period.</summary>
    public void Charge(ClientToken token, decimal? costUsd)
    {
        if (costUsd is { } cost && cost > 0)
        {
            ledger.Add(token.Name, BudgetPeriod.Key(token.Period, clock.GetUtcNow()), cost);
        }
    }
}
