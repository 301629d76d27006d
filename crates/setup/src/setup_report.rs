//! The setup report: what Test connection and Sync now found, as a Markdown document an admin can
//! send to the integration vendor's support. It never contains the token, and contains no personal
//! data (employee IDs) unless the admin asks for it.

use std::fmt::{self, Display, Formatter};

use crate::diagnosis::{AuthStatus, CheckStatus, Diagnosis};
use crate::history::SyncDiff;
use crate::sync::{Preview, ProblemKind};
use crate::wording::{count, employees};

/// The report, written out by `Display` (`to_string()` for the file).
pub struct SetupReport<'a> {
    pub app_version: &'a str,
    pub diagnosis: Option<&'a Diagnosis>,
    pub preview: Option<&'a Preview>,
    /// What changed since the Sync now before it; its warning leads the Sync now section.
    pub diff: Option<&'a SyncDiff>,
    /// Lists the affected employees' IDs under each sync problem.
    pub include_employee_ids: bool,
}

impl Display for SetupReport<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let input = self;
        writeln!(f, "# HiBob Setup report\n")?;
        writeln!(f, "HiBob Setup {}.", input.app_version)?;
        writeln!(
            f,
            "This report holds no token or password{}.\n",
            if input.include_employee_ids {
                "; it lists the IDs of employees affected by sync problems"
            } else {
                " and no employee data"
            }
        )?;

        match input.diagnosis {
            None => {
                writeln!(f, "## Test connection\n\nNot run.\n")?;
            }
            Some(diagnosis) => write_diagnosis(f, diagnosis)?,
        }
        match input.preview {
            None => {
                writeln!(f, "## Sync now (preview)\n\nNot run.")?;
            }
            Some(preview) => {
                writeln!(f, "## Sync now (preview)\n")?;
                let warnings = input.diff.into_iter().flat_map(|d| {
                    d.departure_warning
                        .iter()
                        .chain(d.out_of_view_warning.iter())
                });
                for warning in warnings {
                    writeln!(f, "**Warning:** {warning}\n")?;
                }
                write_preview(f, preview, input.include_employee_ids)?
            }
        }
        Ok(())
    }
}

fn write_diagnosis(f: &mut Formatter<'_>, diagnosis: &Diagnosis) -> fmt::Result {
    writeln!(f, "## Test connection\n")?;
    writeln!(f, "- Integration profile: {}", diagnosis.profile)?;
    writeln!(f, "- Verdict: {}", diagnosis.verdict.label())?;
    let auth = match diagnosis.auth.status {
        AuthStatus::Accepted => "accepted",
        AuthStatus::Rejected => "rejected",
        AuthStatus::Unreachable => "HiBob unreachable",
    };
    writeln!(f, "- Credentials: {auth} — {}", diagnosis.auth.message)?;
    for cause in &diagnosis.auth.likely_causes {
        writeln!(f, "  - Possible cause: {cause}")?;
    }
    writeln!(
        f,
        "- Requests: {} in {} round trips, {} ms\n",
        diagnosis.stats.requests, diagnosis.stats.round_trips, diagnosis.stats.elapsed_ms
    )?;
    if !diagnosis.checks.is_empty() {
        writeln!(f, "| Status | Permission | Where | Evidence |")?;
        writeln!(f, "| --- | --- | --- | --- |")?;
        for check in &diagnosis.checks {
            let status = match check.status {
                CheckStatus::Granted => "granted",
                CheckStatus::Missing => "**missing**",
                CheckStatus::Unverifiable => "confirm in HiBob",
            };
            writeln!(
                f,
                "| {status} | {} | {} › {} › {} | {} |",
                cell(&check.label),
                check.tab,
                cell(&check.area),
                cell(&check.section),
                cell(&check.evidence)
            )?;
        }
        writeln!(f)?;
    }
    if diagnosis.field_level_permissions {
        writeln!(
            f,
            "This company uses field-level permissions (People's data › People's fields).\n"
        )?;
    }
    let field_fixes: Vec<_> = diagnosis
        .checks
        .iter()
        .flat_map(|c| &c.field_fixes)
        .collect();
    if !field_fixes.is_empty() {
        writeln!(f, "Single fields to grant:\n")?;
        for field in field_fixes {
            writeln!(
                f,
                "- {} ({}, {}, {}): {}",
                field.name,
                field.field,
                field.category,
                field.seen_as(),
                field.fix
            )?;
        }
        writeln!(f)?;
    }
    let lifecycle = &diagnosis.lifecycle;
    if diagnosis.auth.status == AuthStatus::Accepted {
        write!(f, "Employees visible: {}", lifecycle.visible)?;
        if let Some(active) = lifecycle.active {
            write!(f, " ({active} active)")?;
        }
        let counts: Vec<String> = lifecycle
            .counts
            .iter()
            .map(|(status, n)| format!("{} {n}", status.display_name()))
            .collect();
        if !counts.is_empty() {
            write!(f, "; {}", counts.join(", "))?;
        }
        writeln!(f, ".\n")?;
    }
    for warning in lifecycle.warnings.iter().chain(&diagnosis.warnings) {
        writeln!(f, "- Note: {warning}")?;
    }
    writeln!(f)
}

fn write_preview(f: &mut Formatter<'_>, preview: &Preview, include_ids: bool) -> fmt::Result {
    let counts = &preview.counts;
    writeln!(
        f,
        "{}\n",
        crate::wording::sync_headline(counts.employees, counts.ready, counts.blocked)
    )?;
    if preview.field_level_permissions {
        writeln!(
            f,
            "HiBob's answers show that this company uses field-level permissions: a blank value may be \
             withheld rather than empty.\n"
        )?;
    }
    if !preview.problems.is_empty() {
        writeln!(f, "### Problems\n")?;
        for problem in &preview.problems {
            let kind = if problem.blocking {
                "blocking"
            } else {
                "warning"
            };
            writeln!(f, "- ({kind}) {} {}", problem.message, problem.hint)?;
            if include_ids && !problem.employee_ids.is_empty() {
                writeln!(f, "  - Employee IDs: {}", problem.employee_ids.join(", "))?;
            }
        }
        writeln!(f)?;
    }
    write_withheld(f, preview)?;
    writeln!(f, "### Coverage\n")?;
    writeln!(f, "| Field | With a value | Empty | Withheld |")?;
    writeln!(f, "| --- | --- | --- | --- |")?;
    for coverage in &preview.coverage {
        writeln!(
            f,
            "| {} | {:.1}% | {} | {} |",
            cell(&coverage.target),
            coverage.percent,
            coverage.empty,
            coverage.withheld
        )?;
    }
    for table in &preview.tables {
        write!(
            f,
            "\n- {}: {}",
            table.table.name(),
            if table.withheld {
                "withheld by HiBob".to_string()
            } else {
                format!(
                    "{} for {}",
                    count(table.rows, "row", "rows"),
                    employees(table.employees)
                )
            }
        )?;
        if !table.restricted_columns.is_empty() {
            let columns: Vec<String> = table
                .restricted_columns
                .iter()
                .map(|c| {
                    let right = if c.history_only { "history" } else { "values" };
                    format!("{} ({right})", c.column)
                })
                .collect();
            write!(
                f,
                "; withheld under field-level permissions: {}",
                columns.join(", ")
            )?;
        }
        writeln!(f)?;
    }
    writeln!(
        f,
        "\nTransfer {} ms, reading {} ms, mapping {} ms, {} bytes.",
        preview.stats.transfer_ms,
        preview.stats.parse_ms,
        preview.stats.process_ms,
        preview.stats.body_bytes
    )
}

/// The columns with withheld values, grouped by why HiBob withheld them.
fn write_withheld(f: &mut Formatter<'_>, preview: &Preview) -> fmt::Result {
    let reasons = [
        (
            Some(ProblemKind::FieldRestricted),
            "HiBob said it withheld these under field-level permissions (View on the field is missing)",
        ),
        (
            Some(ProblemKind::FieldWithheld),
            "HiBob left these out for every employee: the service user may not see them",
        ),
        (
            None,
            "HiBob left these out for some employees: a permission, or fields that do not apply to them",
        ),
    ];
    let told = |kind: ProblemKind, target: &str| {
        preview
            .problems
            .iter()
            .any(|p| p.kind == kind && p.column.as_deref() == Some(target))
    };
    let mut any = false;
    for (kind, why) in reasons {
        let columns: Vec<String> = preview
            .columns
            .iter()
            .zip(&preview.coverage)
            .filter(|(column, coverage)| {
                coverage.withheld > 0
                    && match kind {
                        Some(kind) => told(kind, &column.target),
                        None => {
                            !told(ProblemKind::FieldRestricted, &column.target)
                                && !told(ProblemKind::FieldWithheld, &column.target)
                        }
                    }
            })
            .map(|(column, coverage)| {
                format!(
                    "{} ({}, {})",
                    column.target,
                    column.source,
                    employees(coverage.withheld)
                )
            })
            .collect();
        if columns.is_empty() {
            continue;
        }
        if !any {
            writeln!(f, "### Withheld columns\n")?;
            any = true;
        }
        writeln!(f, "- {why}: {}.", columns.join(", "))?;
    }
    if any {
        writeln!(f)?;
    }
    Ok(())
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
        let report = |include_employee_ids| SetupReport {
            app_version: "0.1.0",
            diagnosis: None,
            preview: Some(&preview),
            diff: None,
            include_employee_ids,
        };
        let without = report(false).to_string();
        assert!(without.contains("1 employee: 0 would sync"), "{without}");
        assert!(without.contains("no employee data"));
        assert!(!without.contains("3001000000000000042"));
        assert!(!without.contains("Ada Lovelace"));
        let with = report(true).to_string();
        assert!(with.contains("Employee IDs: 3001000000000000042"), "{with}");
        assert!(!with.contains("Ada Lovelace"), "names are never included");
    }

    #[test]
    fn the_report_as_the_vendor_reads_it() {
        let preview = preview();
        let report = SetupReport {
            app_version: "0.1.0",
            diagnosis: None,
            preview: Some(&preview),
            diff: None,
            include_employee_ids: true,
        };
        insta::assert_snapshot!(report.to_string());
    }

    /// The report of `preview` compared with a previous Sync now, without employee IDs.
    fn report_with_diff(preview: &Preview, diff: &SyncDiff) -> String {
        SetupReport {
            app_version: "0.1.0",
            diagnosis: None,
            preview: Some(preview),
            diff: Some(diff),
            include_employee_ids: false,
        }
        .to_string()
    }

    fn sync_section(report: &str) -> &str {
        report.split("## Sync now (preview)\n\n").nth(1).unwrap()
    }

    #[test]
    fn a_mass_departure_leads_the_sync_section() {
        let preview = preview();
        let diff = SyncDiff {
            departure_warning: crate::history::departure_warning(30, 120),
            ..SyncDiff::default()
        };
        let report = report_with_diff(&preview, &diff);
        let section = sync_section(&report);
        assert!(
            section.starts_with("**Warning:** 30 of the 120 employees"),
            "{section}"
        );
    }

    #[test]
    fn people_out_of_view_are_named_in_the_sync_section() {
        let preview = preview();
        let out_of_view = vec![crate::history::OutOfView {
            status: crate::LifecycleStatus::Hired,
            employee_ids: vec!["3001000000000000042".into()],
        }];
        let diff = SyncDiff {
            out_of_view_warning: crate::history::out_of_view_warning(&out_of_view),
            out_of_view,
            ..SyncDiff::default()
        };
        let report = report_with_diff(&preview, &diff);
        let section = sync_section(&report);
        assert!(
            section.starts_with("**Warning:** 1 future starter at the previous Sync now is gone"),
            "{section}"
        );
        assert!(
            !report.contains("3001000000000000042"),
            "no employee ID unless asked"
        );
    }

    #[test]
    fn table_cells_cannot_break_the_markdown() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
