namespace CodexHelper.Translation;

/// <summary>A client body that cannot be put into the upstream's protocol (not JSON, a required field missing).</summary>
internal sealed class TranslationException(string message) : Exception(message);
