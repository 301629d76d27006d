//! Files the app writes that must never be left half-written: saved progress, exports and the
//! setup report.

use std::path::Path;

use crate::error::SetupError;

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
    fn atomic_write_replaces_the_whole_file() {
        let dir = Scratch::new("atomic-write");
        let path = dir.join("out.csv");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert!(!dir.join(".out.csv.partial").exists());
    }
}
