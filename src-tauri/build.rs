// Naming the commands makes Tauri generate an `allow-…` permission for each; from then on a command
// is reachable only if the window's capability (capabilities/default.json) grants it.
include!("command_names.rs");

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // Build scripts report failure by panicking; say what went wrong first.
        panic!("tauri-build failed: {error:#}");
    }
}
