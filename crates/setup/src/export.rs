//! Writing a preview out as CSV of the mapped records, for a spreadsheet.

use crate::sync::{FieldState, Preview};

/// One row per employee: its ID, whether it would sync as is, the problems that affect it, the
/// target fields HiBob withheld from this record, then one column per target field. Empty and
/// withheld values are both empty cells; the `withheld` column tells them apart.
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
    let mut header = vec!["employee_id", "status", "problems", "withheld"];
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
        push_row(&mut out, fixed.into_iter().chain(values));
    }
    out
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
        let text = csv(&preview);
        let mut lines = text.lines();
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
}
