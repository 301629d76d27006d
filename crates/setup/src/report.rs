//! The setup report: what Test connection and Sync now found, as a Markdown document an admin can
//! send to the integration vendor's support. It never contains the token, and contains no personal
//! data (employee IDs) unless the admin asks for it.

use std::fmt::Write;

use crate::diagnosis::{AuthStatus, CheckStatus, Diagnosis};
use crate::sync::Preview;

pub struct ReportInput<'a> {
    pub app_version: &'a str,
    pub diagnosis: Option<&'a Diagnosis>,
    pub preview: Option<&'a Preview>,
    /// Lists the affected employees' IDs under each sync problem.
    pub include_employee_ids: bool,
}

pub fn setup_report(input: &ReportInput<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# HiBob Setup report\n");
    let _ = writeln!(out, "HiBob Setup {}.", input.app_version);
    let _ = writeln!(
        out,
        "This report holds no token or password{}.\n",
        if input.include_employee_ids {
            "; it lists the IDs of employees affected by sync problems"
        } else {
            " and no employee data"
        }
    );

    match input.diagnosis {
        None => {
            let _ = writeln!(out, "## Test connection\n\nNot run.\n");
        }
        Some(diagnosis) => write_diagnosis(&mut out, diagnosis),
    }
    match input.preview {
        None => {
            let _ = writeln!(out, "## Sync now (preview)\n\nNot run.");
        }
        Some(preview) => write_preview(&mut out, preview, input.include_employee_ids),
    }
    out
}

fn write_diagnosis(out: &mut String, diagnosis: &Diagnosis) {
    let _ = writeln!(out, "## Test connection\n");
    let _ = writeln!(out, "- Integration profile: {}", diagnosis.profile);
    let _ = writeln!(out, "- Verdict: {:?}", diagnosis.verdict);
    let auth = match diagnosis.auth.status {
        AuthStatus::Accepted => "accepted",
        AuthStatus::Rejected => "rejected",
        AuthStatus::Unreachable => "HiBob unreachable",
    };
    let _ = writeln!(out, "- Credentials: {auth} — {}", diagnosis.auth.message);
    for cause in &diagnosis.auth.likely_causes {
        let _ = writeln!(out, "  - Possible cause: {cause}");
    }
    let _ = writeln!(
        out,
        "- Requests: {} in {} round trips, {} ms\n",
        diagnosis.stats.requests, diagnosis.stats.round_trips, diagnosis.stats.elapsed_ms
    );
    if !diagnosis.checks.is_empty() {
        let _ = writeln!(out, "| Status | Permission | Where | Evidence |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for check in &diagnosis.checks {
            let status = match check.status {
                CheckStatus::Granted => "granted",
                CheckStatus::Missing => "**missing**",
                CheckStatus::Unverifiable => "confirm in HiBob",
            };
            let _ = writeln!(
                out,
                "| {status} | {} | {} › {} › {} | {} |",
                cell(&check.label),
                check.tab,
                cell(&check.area),
                cell(&check.section),
                cell(&check.evidence)
            );
        }
        let _ = writeln!(out);
    }
    let lifecycle = &diagnosis.lifecycle;
    if diagnosis.auth.status == AuthStatus::Accepted {
        let _ = write!(out, "Employees visible: {}", lifecycle.visible);
        if let Some(active) = lifecycle.active {
            let _ = write!(out, " ({active} active)");
        }
        let counts: Vec<String> = lifecycle
            .counts
            .iter()
            .map(|(status, n)| format!("{} {n}", status.display_name()))
            .collect();
        if !counts.is_empty() {
            let _ = write!(out, "; {}", counts.join(", "));
        }
        let _ = writeln!(out, ".\n");
    }
    for warning in lifecycle.warnings.iter().chain(&diagnosis.warnings) {
        let _ = writeln!(out, "- Note: {warning}");
    }
    let _ = writeln!(out);
}

fn write_preview(out: &mut String, preview: &Preview, include_ids: bool) {
    let counts = &preview.counts;
    let _ = writeln!(out, "## Sync now (preview)\n");
    let _ = writeln!(
        out,
        "{}: {} would sync as they are, {} need fixing first.\n",
        crate::wording::employees(counts.employees),
        counts.ready,
        counts.blocked
    );
    if !preview.problems.is_empty() {
        let _ = writeln!(out, "### Problems\n");
        for problem in &preview.problems {
            let kind = if problem.blocking {
                "blocking"
            } else {
                "warning"
            };
            let _ = writeln!(out, "- ({kind}) {} {}", problem.message, problem.hint);
            if include_ids && !problem.employee_ids.is_empty() {
                let _ = writeln!(out, "  - Employee IDs: {}", problem.employee_ids.join(", "));
            }
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "### Coverage\n");
    let _ = writeln!(out, "| Field | With a value | Empty | Withheld |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for coverage in &preview.coverage {
        let _ = writeln!(
            out,
            "| {} | {:.1}% | {} | {} |",
            cell(&coverage.target),
            coverage.percent,
            coverage.empty,
            coverage.withheld
        );
    }
    for table in &preview.tables {
        let _ = writeln!(
            out,
            "\n- {}: {}",
            table.table.name(),
            if table.withheld {
                "withheld by HiBob".to_string()
            } else {
                format!("{} rows for {} employees", table.rows, table.employees)
            }
        );
    }
    let _ = writeln!(
        out,
        "\nTransfer {} ms, reading {} ms, mapping {} ms, {} bytes.",
        preview.stats.transfer_ms,
        preview.stats.parse_ms,
        preview.stats.process_ms,
        preview.stats.body_bytes
    );
}

/// Markdown table cells: no pipes or line breaks from the data.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::profile::Profile;
    use crate::sync::{build, SyncControl};
    use hibob::Employee;
    use serde_json::json;

    fn preview() -> Preview {
        let employees: Vec<Employee> = vec![serde_json::from_value(
            json!({"id": "3001000000000000042", "displayName": "Ada Lovelace", "email": null}),
        )
        .unwrap()];
        let profile = Profile::builtin("directory", &Catalog::builtin().unwrap()).unwrap();
        build(&profile, &employees, &[], &SyncControl::default()).unwrap()
    }

    #[test]
    fn employee_ids_only_appear_when_asked_for() {
        let preview = preview();
        let input = |include_employee_ids| ReportInput {
            app_version: "0.1.0",
            diagnosis: None,
            preview: Some(&preview),
            include_employee_ids,
        };
        let without = setup_report(&input(false));
        assert!(without.contains("1 employee: 0 would sync"), "{without}");
        assert!(without.contains("no employee data"));
        assert!(!without.contains("3001000000000000042"));
        assert!(!without.contains("Ada Lovelace"));
        let with = setup_report(&input(true));
        assert!(with.contains("Employee IDs: 3001000000000000042"), "{with}");
        assert!(!with.contains("Ada Lovelace"), "names are never included");
    }

    #[test]
    fn table_cells_cannot_break_the_markdown() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
