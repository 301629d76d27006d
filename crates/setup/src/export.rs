//! Writing a preview out: CSV of the mapped records, and atomic file writes (a crash never leaves
//! half a file where the user expects a whole one).

use std::path::Path;

use crate::error::SetupError;
use crate::sync::{FieldState, Preview};

/// One row per employee: its ID, whether it would sync as is, the problems that affect it, then
/// one column per target field. Empty and withheld values stay empty cells; the problems column
/// says why.
pub fn csv(preview: &Preview) -> String {
    let mut problems_of: std::collections::HashMap<&str, Vec<&str>> =
        std::collections::HashMap::new();
    for problem in &preview.problems {
        let label = problem_label(problem.kind);
        for id in &problem.employee_ids {
            problems_of.entry(id.as_str()).or_default().push(label);
        }
    }
    let mut out = String::new();
    let mut header = vec!["employee_id", "status", "problems"];
    header.extend(preview.columns.iter().map(|c| c.target.as_str()));
    push_row(&mut out, header.iter().copied());
    for record in &preview.records {
        let problems = problems_of
            .get(record.employee_id.as_str())
            .map(|p| p.join("; "))
            .unwrap_or_default();
        let status = if record.blocked { "blocked" } else { "ready" };
        let values = record.fields.iter().map(|f| match f {
            FieldState::Value(v) => v.as_str(),
            FieldState::Empty | FieldState::Withheld => "",
        });
        let fixed = [record.employee_id.as_str(), status, problems.as_str()];
        push_row(&mut out, fixed.into_iter().chain(values));
    }
    out
}

fn problem_label(kind: crate::sync::ProblemKind) -> &'static str {
    use crate::sync::ProblemKind::*;
    match kind {
        FieldWithheld => "field withheld",
        TableWithheld => "history withheld",
        MissingRequired => "missing required field",
        InvalidEmail => "invalid email",
        DuplicateEmail => "duplicate email",
        InvalidDate => "invalid date",
        ManagerNotVisible => "manager not visible",
        ManagerCycle => "reporting loop",
        TerminatedWithoutDate => "terminated without date",
    }
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    let mut first = true;
    for cell in cells {
        if !first {
            out.push(',');
        }
        first = false;
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a formula.
fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@']) && cell.parse::<f64>().is_err();
    let needs_quotes = formula || cell.contains([',', '"', '\n', '\r']);
    if needs_quotes {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
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
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        push_row(
            &mut out,
            [
                "plain",
                "a,b",
                "say \"hi\"",
                "=HYPERLINK(\"x\")",
                "-12.5",
                "Zoë",
            ]
            .into_iter(),
        );
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",-12.5,Zoë\r\n"
        );
    }

    #[test]
    fn atomic_write_replaces_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("hibob-setup-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.csv");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert!(!dir.join(".out.csv.partial").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
