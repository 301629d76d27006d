//! What `hibob-setup` prints for a person: Test connection as a checklist, Sync now as a summary.

use std::fmt::{self, Display, Formatter};

use setup::diagnosis::{AuthStatus, CheckStatus, Diagnosis, Verdict};
use setup::sync::Preview;
use setup::wording::{count, employees, sync_headline};

/// Test connection's result, grouped as HiBob's permission editor groups it.
pub struct Checklist<'a>(pub &'a Diagnosis);

/// Sync now's preview, in short.
pub struct PreviewSummary<'a>(pub &'a Preview);

impl Display for Checklist<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let diagnosis = self.0;
        writeln!(
            f,
            "HiBob Setup · Test connection · profile {} · {}",
            diagnosis.profile, diagnosis.environment
        )?;
        writeln!(f)?;
        let mark = match diagnosis.auth.status {
            AuthStatus::Accepted => "ok",
            AuthStatus::Rejected => "REJECTED",
            AuthStatus::Unreachable => "UNREACHABLE",
        };
        writeln!(f, "Credentials  [{mark}] {}", diagnosis.auth.message)?;
        if let Some(error) = &diagnosis.auth.error {
            if diagnosis.auth.likely_causes.is_empty() {
                writeln!(f, "             {}", error.hint)?;
            }
        }
        for cause in &diagnosis.auth.likely_causes {
            writeln!(f, "             - {cause}")?;
        }

        if !diagnosis.checks.is_empty() {
            writeln!(f, "\nPermissions")?;
            let mut current = String::new();
            for check in &diagnosis.checks {
                let group = format!("{} › {}", check.tab, check.area);
                if group != current {
                    writeln!(f, "  {group}")?;
                    current = group;
                }
                let mark = match check.status {
                    CheckStatus::Granted => "ok      ",
                    CheckStatus::Missing => "MISSING ",
                    CheckStatus::Unverifiable => "confirm ",
                };
                writeln!(f, "    [{mark}] {} ({})", check.label, check.section)?;
                writeln!(f, "               {}", check.evidence)?;
                if check.status == CheckStatus::Missing {
                    writeln!(f, "               Fix: {}", check.fix)?;
                }
                for field in &check.field_fixes {
                    writeln!(
                        f,
                        "               Field {} ({}, {}): {}",
                        field.name,
                        field.field,
                        field.seen_as(),
                        field.fix
                    )?;
                }
            }
        }
        if diagnosis.field_level_permissions {
            writeln!(
                f,
                "\nThis company uses field-level permissions (People's data › People's fields): single fields can be \
                 granted or withheld apart from their section."
            )?;
        }

        if diagnosis.auth.status == AuthStatus::Accepted {
            let lifecycle = &diagnosis.lifecycle;
            writeln!(f, "\nWhose data")?;
            let active = lifecycle
                .active
                .map(|a| format!(" ({a} active)"))
                .unwrap_or_default();
            writeln!(f, "  {} visible{active}", employees(lifecycle.visible))?;
            if lifecycle.statuses_readable {
                let counts: Vec<String> = lifecycle
                    .counts
                    .iter()
                    .map(|(status, n)| format!("{} {n}", status.display_name()))
                    .collect();
                writeln!(f, "  {}", counts.join(" · "))?;
            }
            for warning in &lifecycle.warnings {
                writeln!(f, "  ! {warning}")?;
            }
        }

        if !diagnosis.warnings.is_empty() {
            writeln!(f, "\nNotes")?;
            for warning in &diagnosis.warnings {
                writeln!(f, "  - {warning}")?;
            }
        }

        let missing = diagnosis.missing().count();
        let confirm = diagnosis
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Unverifiable)
            .count();
        let summary = match diagnosis.verdict {
        Verdict::Ready if confirm == 1 => {
            "Ready. 1 permission cannot be checked from here: confirm it in HiBob.".to_string()
        }
        Verdict::Ready if confirm > 1 => {
            format!("Ready. {confirm} permissions cannot be checked from here: confirm them in HiBob.")
        }
        Verdict::Ready => "Ready: everything this integration needs is granted.".to_string(),
        Verdict::Unverified => format!(
            "Not verified: nothing is missing, but HiBob's answers could not show this integration's data arriving. \
             Confirm the marked permissions in HiBob ({confirm})."
        ),
        Verdict::PermissionsMissing => format!(
            "{missing} missing. Grant {}, Save and Apply in HiBob, wait a few seconds, then run the check again.",
            if missing == 1 { "it" } else { "them" }
        ),
        Verdict::CredentialsRejected => "HiBob did not accept the credentials.".to_string(),
        Verdict::Unreachable => "HiBob could not be reached; nothing was checked.".to_string(),
    };
        writeln!(f, "\n{summary}")
    }
}

impl Display for PreviewSummary<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let preview = self.0;
        let counts = &preview.counts;
        writeln!(
            f,
            "HiBob Setup · Sync now (preview) · profile {}",
            preview.profile
        )?;
        writeln!(
            f,
            "\n{}",
            sync_headline(counts.employees, counts.ready, counts.blocked)
        )?;
        if preview.field_level_permissions {
            writeln!(
                f,
                "HiBob's answers show that this company uses field-level permissions: a blank value may be \
                 withheld rather than empty."
            )?;
        }
        if !preview.problems.is_empty() {
            writeln!(f, "\nProblems")?;
            for problem in &preview.problems {
                let mark = if problem.blocking {
                    "BLOCKING"
                } else {
                    "warning "
                };
                writeln!(f, "  [{mark}] {}", problem.message)?;
                writeln!(f, "             {}", problem.hint)?;
                if !problem.employee_ids.is_empty() {
                    let shown: Vec<&str> = problem
                        .employee_ids
                        .iter()
                        .take(5)
                        .map(String::as_str)
                        .collect();
                    let more = problem.employee_ids.len().saturating_sub(shown.len());
                    let tail = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    writeln!(f, "             Employees: {}{tail}", shown.join(", "))?;
                }
            }
        }
        writeln!(f, "\nCoverage (records with a value)")?;
        for coverage in &preview.coverage {
            let note = if coverage.withheld == counts.employees && counts.employees > 0 {
                " (withheld by HiBob)".to_string()
            } else if coverage.withheld > 0 {
                format!(" ({} withheld by HiBob)", coverage.withheld)
            } else {
                String::new()
            };
            writeln!(
                f,
                "  {:<20} {:>5.1}%{note}",
                coverage.target, coverage.percent
            )?;
        }
        for table in &preview.tables {
            if table.withheld {
                writeln!(f, "\n{}: withheld by HiBob", table.name)?;
            } else {
                writeln!(
                    f,
                    "\n{}: {} for {}",
                    table.name,
                    count(table.rows, "row", "rows"),
                    employees(table.employees)
                )?;
            }
            for column in &table.restricted_columns {
                let what = if column.history_only {
                    "its history"
                } else {
                    "its values"
                };
                writeln!(
                    f,
                    "  {} ({}): {what} withheld under field-level permissions",
                    column.column, column.field_id
                )?;
            }
        }
        if !preview.teams.is_empty() {
            let teams: Vec<String> = preview
                .teams
                .iter()
                .map(|t| format!("{} ({})", t.name, t.members))
                .collect();
            writeln!(f, "\nTeams: {}", teams.join(", "))?;
        }
        Ok(())
    }
}
