//! Writing a preview out as CSV of the mapped records, for a spreadsheet.

use crate::error::SetupError;
use crate::sync::{FieldState, Preview};

/// Tells Excel the file is UTF-8: without it, Excel on Windows reads "Björn" as "BjÃ¶rn".
const UTF8_BOM: &str = "\u{feff}";

/// One row per employee: its ID, whether it would sync as is, the problems that affect it, the
/// target fields HiBob withheld from this record, then one column per target field. Empty and
/// withheld values are both empty cells; the `withheld` column tells them apart. The text starts
/// with a byte-order mark and ends its lines with CRLF, as spreadsheets expect.
pub fn csv(preview: &Preview) -> Result<String, SetupError> {
    let mut problems_of: std::collections::HashMap<&str, Vec<&str>> =
        std::collections::HashMap::new();
    for problem in &preview.problems {
        let label = problem_label(problem.kind);
        for id in &problem.employee_ids {
            problems_of.entry(id.as_str()).or_default().push(label);
        }
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.as_bytes().to_vec());
    let mut header = vec!["employee_id", "status", "problems", "withheld"];
    header.extend(preview.columns.iter().map(|c| c.target.as_str()));
    write_row(&mut writer, header)?;
    for record in &preview.records {
        let problems = problems_of
            .get(record.employee_id.as_str())
            .map(|p| p.join("; "))
            .unwrap_or_default();
        let status = if record.blocked { "blocked" } else { "ready" };
        let values = record.fields.iter().map(|f| match f {
            FieldState::Value(v) => v,
            FieldState::Empty | FieldState::Withheld => "",
        });
        let withheld: Vec<&str> = preview
            .columns
            .iter()
            .zip(&record.fields)
            .filter(|(_, field)| **field == FieldState::Withheld)
            .map(|(column, _)| column.target.as_str())
            .collect();
        let withheld = withheld.join("; ");
        let fixed = [
            record.employee_id.as_str(),
            status,
            problems.as_str(),
            withheld.as_str(),
        ];
        write_row(&mut writer, fixed.into_iter().chain(values))?;
    }
    let bytes = writer.into_inner().map_err(|e| export_error(e.error()))?;
    // Every cell came in as UTF-8 text, so the bytes are too.
    String::from_utf8(bytes).map_err(export_error)
}

fn export_error(error: impl std::fmt::Display) -> SetupError {
    SetupError::Unwritable {
        path: "the CSV export".into(),
        detail: error.to_string(),
    }
}

fn problem_label(kind: crate::sync::ProblemKind) -> &'static str {
    use crate::sync::ProblemKind::*;
    match kind {
        FieldWithheld => "field withheld",
        TableWithheld => "history withheld",
        FieldRestricted => "field withheld by field-level permissions",
        FieldHistoryRestricted => "field history withheld by field-level permissions",
        EmptyOrWithheld => "withheld or empty",
        MissingRequired => "missing required field",
        InvalidEmail => "invalid email",
        DuplicateEmail => "duplicate email",
        InvalidDate => "invalid date",
        ManagerNotVisible => "manager not visible",
        ManagerCycle => "reporting loop",
        TerminatedWithoutDate => "terminated without date",
    }
}

fn write_row<'a>(
    writer: &mut csv::Writer<Vec<u8>>,
    cells: impl IntoIterator<Item = &'a str>,
) -> Result<(), SetupError> {
    let cells: Vec<std::borrow::Cow<'_, str>> = cells.into_iter().map(defused).collect();
    writer
        .write_record(cells.iter().map(|cell| cell.as_bytes()))
        .map_err(export_error)
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe, which shows it as the
/// text it is (OWASP's CSV injection advice); numbers such as "-12.5" stay numbers.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula =
        cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if formula {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::profile::Profile;
    use crate::sync::{build, SyncControl};

    #[test]
    fn a_withheld_blank_is_told_apart_from_an_empty_one() {
        let profile = Profile::builtin("directory", &Catalog::builtin().unwrap()).unwrap();
        // Email sent empty; no work section at all (withheld).
        let employees = vec![serde_json::from_value(serde_json::json!({
            "id": "7", "displayName": "Ada Lovelace", "firstName": "Ada", "surname": "Lovelace",
            "email": null, "internal": {"lifecycleStatus": "employed", "terminationDate": null}
        }))
        .unwrap()];
        let preview = build(&profile, &employees, &[], &SyncControl::default()).unwrap();
        let text = csv(&preview).unwrap();
        let mut lines = text.trim_start_matches(UTF8_BOM).lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let row: Vec<&str> = lines.next().unwrap().split(',').collect();
        let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(
            cell("withheld"),
            "job_title; location; primary_team; hire_date; override_manager"
        );
        assert_eq!(cell("email"), "", "empty, and not listed as withheld");
        assert_eq!(cell("problems"), "missing required field");
    }

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        write_row(
            &mut writer,
            [
                "plain",
                "a,b",
                "say \"hi\"",
                "=HYPERLINK(\"x\")",
                "-12.5",
                "@SUM(A1)",
                "\tcmd",
                "Zoë",
            ],
        )
        .unwrap();
        let out = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",-12.5,'@SUM(A1),'\tcmd,Zoë\r\n"
        );
    }

    #[test]
    fn the_file_starts_with_a_byte_order_mark_so_excel_reads_utf8() {
        let profile = Profile::builtin("directory", &Catalog::builtin().unwrap()).unwrap();
        let employees = vec![serde_json::from_value(serde_json::json!({
            "id": "7", "displayName": "Björn Ødegård", "firstName": "Björn", "surname": "Ødegård",
            "email": "bjorn@example.com", "internal": {"lifecycleStatus": "employed"}
        }))
        .unwrap()];
        let preview = build(&profile, &employees, &[], &SyncControl::default()).unwrap();
        let bytes = csv(&preview).unwrap().into_bytes();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark first");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.starts_with("employee_id,status,"), "{text}");
        assert!(text.contains("Björn Ødegård"), "{text}");
        assert!(text.ends_with("\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "every line ends in CRLF"
        );
        // A CSV reader that knows nothing of us gets the same cells back.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let names: Vec<String> = reader
            .records()
            .map(|row| {
                row.unwrap()
                    .iter()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert_eq!(names.len(), 1);
        assert!(names[0].starts_with("7|ready|"), "{}", names[0]);
    }
}
