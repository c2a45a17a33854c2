namespace CodexHelper.Conversations;

/// <summary>
/// Which state one attempt must not send: what the memory knows another upstream minted (<see cref="Minter"/> is the
/// attempt's own), or, for the retry after an upstream refused foreign state, all of it (<see cref="All"/>). Items of
/// unknown origin go as they are: they most likely came from this upstream before a restart.
/// </summary>
internal readonly record struct StateFilter(SessionOrigins? Origins, ulong Minter, bool All)
{
    /// <summary>Nothing to remove: the body goes byte for byte.</summary>
    public static StateFilter None => default;

    /// <summary>False when no item can be removed, so the body need not even be read.</summary>
    public bool MayRemove => All || (Origins?.HasOtherThan(Minter) ?? false);

    public bool Removes(ulong hash) => All || (Origins?.MinterOf(hash) is { } minter && minter != Minter);
}
