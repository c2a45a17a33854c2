namespace CodexHelper.Translation.AnthropicClient;

/// <summary>What a request translation left out and why, each note once (TranslatedRequest.Dropped).</summary>
internal sealed class DropNotes
{
    private readonly List<string> _notes = [];

    public void Add(string note)
    {
        if (!_notes.Contains(note))
        {
            _notes.Add(note);
        }
    }

    public IReadOnlyList<string> ToList() => [.. _notes];
}
