#!/usr/bin/env bash
# Removes what scripts/install.sh installed, and nothing else: the paths listed in PREFIX/install-manifest.txt.
#   scripts/uninstall.sh                                    # ~/.local/share/codex-helper + ~/.local/bin
#   PREFIX=/opt/codex-helper BIN_DIR=/usr/local/bin scripts/uninstall.sh
# A link in BIN_DIR is removed only while it still points at this install; PREFIX is removed only when it is
# empty afterwards. Your settings and logs (~/.codex-helper) are left alone: delete that folder yourself.
set -euo pipefail

PREFIX="${PREFIX:-$HOME/.local/share/codex-helper}"
BIN_DIR="${BIN_DIR:-$HOME/.local/bin}"
MANIFEST="$PREFIX/install-manifest.txt"

if [[ ! -f "$MANIFEST" ]]; then
  echo "uninstall.sh: no $MANIFEST: nothing installed there by scripts/install.sh (PREFIX=... chooses another place)" >&2
  exit 1
fi

removed=0
while IFS= read -r path; do
  [[ -n "$path" ]] || continue
  if [[ -L "$path" ]]; then
    # A link someone has since pointed elsewhere is theirs now.
    [[ "$(readlink "$path")" == "$PREFIX/codex-helper" ]] || continue
  elif [[ "$path" != "$PREFIX"/* || ! -f "$path" ]]; then
    continue
  fi
  rm -f "$path"
  removed=$((removed + 1))
done <"$MANIFEST"
rm -f "$MANIFEST"
rmdir "$PREFIX" 2>/dev/null || true

if [[ -z "${QUIET:-}" ]]; then
  echo "removed $removed files and links of codex-helper ($PREFIX, $BIN_DIR/codex-helper, $BIN_DIR/ch)"
  if [[ -d "$PREFIX" ]]; then
    echo "note: $PREFIX still holds files install.sh did not put there; left as they are"
  fi
fi
