using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Files;

namespace CodexHelper.Clients;

/// <summary>Reads and writes switch-state.json. Callers hold the switch lock.</summary>
internal sealed class SwitchStateStore(string path)
{
    public string FilePath { get; } = path;

    public static SwitchStateStore For(AppPaths paths) => new(Path.Combine(paths.HelperHome, "switch-state.json"));

    public SwitchRecord? Get(ServiceKind kind)
    {
        var state = Load();
        return kind == ServiceKind.Codex ? state.Codex : state.Claude;
    }

    public void Set(ServiceKind kind, SwitchRecord? record)
    {
        var state = Load();
        if (kind == ServiceKind.Codex)
        {
            state.Codex = record;
        }
        else
        {
            state.Claude = record;
        }

        if (state.Codex is null && state.Claude is null)
        {
            File.Delete(FilePath);
            return;
        }

        AtomicFile.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(state, ClientsJsonContext.Default.SwitchStateFile), AtomicFile.UserOnly);
    }

    private SwitchStateFile Load()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), ClientsJsonContext.Default.SwitchStateFile) ?? new SwitchStateFile();
        }
        catch (FileNotFoundException)
        {
            return new SwitchStateFile();
        }
        catch (DirectoryNotFoundException)
        {
            return new SwitchStateFile();
        }
        catch (JsonException)
        {
            // Only a hint for switch off; a damaged state file means "treat the file as edited".
            return new SwitchStateFile();
        }
    }
}
