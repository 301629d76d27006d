#!/usr/bin/env bash
# The Windows build, checked on every change from Linux (x86_64-pc-windows-gnu with mingw-w64):
#   1. clippy for Windows, warnings as errors: the code behind cfg(windows) (keyring's Credential
#      Manager backend, WebView2, paths, dialogs) is compiled and linted;
#   2. every test of the workspace built as Windows programs and run under Wine (the desktop
#      end-to-end suite excepted: it drives WebKitGTK, which Windows does not have);
#   3. the CLI under Wine: `hibob-setup.exe sync --preview --env demo`;
#   4. the app and the CLI as artifacts in artifacts/windows/ (debug builds, symbols stripped).
# It needs about 4 GB of disk: 2.9 GB for target/x86_64-pc-windows-gnu, 0.7 GB for the Wine prefix.
# A step that cannot run says so and makes the script fail at the end: nothing skipped looks green.
set -uo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
OUT="target/$TARGET/debug"
# Line tables only: backtraces still name file and line, and each of the ~20 test programs links
# at a fraction of full debug info's size (a full run filled a disk once).
export CARGO_PROFILE_DEV_DEBUG=line-tables-only
failed=()
step() { echo; echo "==> windows: $*"; }
not_checked() {
  echo "!!! windows: NOT CHECKED: $*" >&2
  failed+=("$*")
}

step "the Rust target $TARGET and mingw-w64"
if ! rustup target add "$TARGET"; then
  not_checked "rustup could not install $TARGET, so nothing of the Windows build was checked"
  exit 1
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  not_checked "mingw-w64 (x86_64-w64-mingw32-gcc) is missing: apt-get install mingw-w64"
  exit 1
fi
./scripts/ui.sh build >/dev/null || exit 1

step "clippy for Windows (all targets, warnings as errors)"
cargo clippy --locked --target "$TARGET" --workspace --exclude e2e --all-targets -- -D warnings ||
  not_checked "clippy for Windows found problems (above)"

step "the tests, built for Windows"
if cargo test --locked --target "$TARGET" --workspace --exclude e2e --no-run; then
  # The app's tests load WebView2Loader.dll, which the build copies beside the app only.
  cp "$OUT/WebView2Loader.dll" "$OUT/deps/"
  built=yes
else
  not_checked "the tests did not build for Windows (above)"
  built=no
fi

WINE=""
for candidate in wine64 /usr/lib/wine/wine64 wine; do
  if command -v "$candidate" >/dev/null 2>&1; then WINE=$(command -v "$candidate"); break; fi
done
if [ -z "$WINE" ]; then
  not_checked "Wine is missing (apt-get install wine64): the Windows tests and the CLI did not run"
elif [ "$built" = yes ]; then
  export WINEPREFIX="$PWD/target/wine" WINEDEBUG=-all
  step "a Wine prefix in $WINEPREFIX"
  "$WINE" wineboot --init >/dev/null 2>&1 || true
  x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c -ladvapi32 || not_checked "the bcryptprimitives stand-in did not build"
  # insta finds its snapshots from the workspace root, which a Windows program sees on drive Z:.
  export INSTA_WORKSPACE_ROOT="Z:${PWD//\//\\}" INSTA_UPDATE=no
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINE"

  step "the tests, as Windows programs under Wine"
  cargo test --locked --target "$TARGET" --workspace --exclude e2e ||
    not_checked "tests failed as Windows programs under Wine (above)"

  step "the CLI under Wine: hibob-setup.exe sync --preview --env demo"
  "$WINE" "$OUT/hibob-setup.exe" sync --preview --env demo >target/wine-sync.txt 2>&1
  code=$?
  head -3 target/wine-sync.txt
  # The demo company leaves a permission out on purpose: exit 3, "a mapped field is withheld".
  if [ "$code" -ne 3 ] || ! grep -q "employees:" target/wine-sync.txt; then
    cat target/wine-sync.txt
    not_checked "the CLI under Wine ended with $code, not the demo's 3, or printed no preview"
  fi
fi

step "artifacts in artifacts/windows/"
mkdir -p artifacts/windows
for exe in hibob-setup-app.exe hibob-setup.exe; do
  if [ -f "$OUT/$exe" ]; then
    x86_64-w64-mingw32-strip -o "artifacts/windows/$exe" "$OUT/$exe"
  else
    not_checked "$exe was not built"
  fi
done
cp "$OUT/WebView2Loader.dll" artifacts/windows/ 2>/dev/null || not_checked "WebView2Loader.dll is missing"
ls -l artifacts/windows/

if [ ${#failed[@]} -gt 0 ]; then
  echo >&2
  echo "windows: ${#failed[@]} part(s) not checked or failing:" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo
echo "windows: clippy, the tests under Wine, the CLI and the artifacts all passed."
