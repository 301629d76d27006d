//! Files the app writes that must never be left half-written: saved progress, exports and the
//! setup report.

use std::path::Path;

use crate::error::SetupError;

/// Names Windows keeps for devices: no file may be called `con.toml` or `lpt1.md` there, whatever
/// the case or extension. Profile IDs name files, so they avoid these on every system.
const WINDOWS_DEVICE_NAMES: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Whether a file whose name starts with `stem` (up to its first dot) cannot exist on Windows.
pub fn is_windows_device_name(stem: &str) -> bool {
    let before_dot = stem.split('.').next().unwrap_or_default().trim_end();
    WINDOWS_DEVICE_NAMES
        .iter()
        .any(|name| name.eq_ignore_ascii_case(before_dot))
}

/// Writes to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SetupError> {
    use std::io::Write;
    let unwritable = |e: std::io::Error| SetupError::Unwritable {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let temporary = path.with_file_name(format!(".{file_name}.partial"));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        // On disk before the rename makes it visible: a power cut then leaves the old file or
        // the new one, never an empty one.
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(unwritable(e));
    }
    // The rename itself is durable once the folder is synced; not every platform can open a
    // folder for that, and the write has succeeded either way.
    if let Some(dir) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use test_support::Scratch;

    use super::*;

    #[test]
    fn device_names_are_caught_in_any_case_and_with_any_extension() {
        for name in ["con", "CON", "Aux", "nul.toml", "com1", "LPT9.md", "prn "] {
            assert!(is_windows_device_name(name), "{name}");
        }
        for name in ["console", "acme", "com10", "lpt", "con-app", "my-con", ""] {
            assert!(!is_windows_device_name(name), "{name}");
        }
    }

    #[test]
    fn atomic_write_replaces_the_whole_file() {
        let dir = Scratch::new("atomic-write");
        let path = dir.join("out.csv");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert!(!dir.join(".out.csv.partial").exists());
    }
}
