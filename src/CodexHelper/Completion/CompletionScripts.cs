namespace CodexHelper.Completion;

/// <summary>
/// Pure: the shell scripts that `codex-helper completion SHELL` prints. Each one hands the command line up to the
/// cursor to codex-helper's own `[suggest:POSITION]` directive (System.CommandLine's completion protocol, the one
/// dotnet-suggest uses), so the scripts never go stale: commands, options, option values and the dynamic values
/// (config names, session ids) all come from the command tree of the binary that answers.
/// </summary>
internal static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "zsh", "fish", "powershell"];

    /// <summary>The names the scripts register: the program and its short name.</summary>
    public static readonly string[] CommandNames = ["codex-helper", "ch"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "powershell" or "pwsh" => PowerShell,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "unknown shell"),
    };

    // The first word (codex-helper, ch, or a path) is dropped; the position is the length of what remains, since
    // only the text before the cursor is sent. `codex-helper` is preferred over the typed word because `ch` is
    // often an alias, which a completion function cannot run. Options are offered once the word starts with `-`
    // (as git does), and the Windows-style help spellings (`/?`, `/h`, `-?`) never.
    private const string Bash = """
        # codex-helper completion for bash: source it from ~/.bashrc, e.g.
        #   source <(codex-helper completion bash)
        _codex_helper_complete() {
          local line="${COMP_LINE:0:COMP_POINT}" exe=codex-helper
          command -v codex-helper >/dev/null 2>&1 || exe="${COMP_WORDS[0]}"
          line="${line#"${COMP_WORDS[0]}"}"
          line="${line#"${line%%[![:space:]]*}"}"
          local cur="${COMP_WORDS[COMP_CWORD]}" hide='^(/|-[?]$)' IFS=$'\n'
          [[ "$cur" == -* ]] || hide='^(/|-)'
          # shellcheck disable=SC2207
          COMPREPLY=($(compgen -W "$("$exe" "[suggest:${#line}]" "$line" 2>/dev/null | grep -Ev "$hide")" -- "$cur"))
        }
        complete -o default -F _codex_helper_complete codex-helper ch

        """;

    private const string Zsh = """
        #compdef codex-helper ch
        # codex-helper completion for zsh: put it in a directory on $fpath as _codex-helper, or add to ~/.zshrc
        # (after compinit):
        #   source <(codex-helper completion zsh)
        _codex_helper_complete() {
          local exe=codex-helper
          (( $+commands[codex-helper] )) || exe="${words[1]}"
          local line="${(j: :)words[2,CURRENT]}"
          local -a candidates
          local hide='^(/|-[?]$)'
          [[ "${words[CURRENT]}" == -* ]] || hide='^(/|-)'
          candidates=("${(@f)$("$exe" "[suggest:${#line}]" "$line" 2>/dev/null | grep -Ev "$hide")}")
          compadd -- "${(@)candidates:#}"
        }
        compdef _codex_helper_complete codex-helper ch

        """;

    private const string Fish = """
        # codex-helper completion for fish: save it as ~/.config/fish/completions/codex-helper.fish (and ch.fish), or
        #   codex-helper completion fish | source
        function __codex_helper_complete
            set -l exe codex-helper
            command -q codex-helper; or set exe (commandline -opc)[1]
            set -l tokens (commandline -opc) (commandline -ct)
            set -l line (string join ' ' -- $tokens[2..-1])
            set -l hide '^(/|-[?]$)'
            string match -q -- '-*' (commandline -ct); or set hide '^(/|-)'
            $exe "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null | string match -rv -- $hide
        end
        complete -c codex-helper -f -a '(__codex_helper_complete)'
        complete -c ch -f -a '(__codex_helper_complete)'

        """;

    private const string PowerShell = """
        # codex-helper completion for PowerShell: add this line to your $PROFILE
        #   codex-helper completion powershell | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName 'codex-helper', 'codex-helper.exe', 'ch' -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $text = $commandAst.ToString()
            $upTo = [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $text.Length)
            $line = $text.Substring(0, $upTo)
            if ($cursorPosition - $commandAst.Extent.StartOffset -gt $text.Length) { $line += ' ' }
            $line = $line.Substring($commandAst.CommandElements[0].Extent.Text.Length).TrimStart()
            $exe = if (Get-Command codex-helper -ErrorAction SilentlyContinue) { 'codex-helper' } else { $commandAst.CommandElements[0].Extent.Text }
            $hide = if ($wordToComplete -like '-*') { '^(/|-[?]$)' } else { '^(/|-)' }
            & $exe "[suggest:$($line.Length)]" "$line" 2>$null |
                Where-Object { $_ -like "$wordToComplete*" -and $_ -notmatch $hide } |
                ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
        }

        """;
}
