//! The diagnosis as a readable checklist for the terminal.

use std::fmt::Write;

use crate::diagnosis::{AuthStatus, CheckStatus, Diagnosis, Verdict};
use crate::wording::{capitalized, employees};

pub fn checklist(diagnosis: &Diagnosis) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "HiBob Setup · Test connection · profile {} · {}",
        diagnosis.profile, diagnosis.environment
    );
    let _ = writeln!(out);
    let mark = match diagnosis.auth.status {
        AuthStatus::Accepted => "ok",
        AuthStatus::Rejected => "REJECTED",
        AuthStatus::Unreachable => "UNREACHABLE",
    };
    let _ = writeln!(out, "Credentials  [{mark}] {}", diagnosis.auth.message);
    if let Some(error) = &diagnosis.auth.error {
        if diagnosis.auth.likely_causes.is_empty() {
            let _ = writeln!(out, "             {}", error.hint);
        }
    }
    for cause in &diagnosis.auth.likely_causes {
        let _ = writeln!(out, "             - {cause}");
    }

    if !diagnosis.checks.is_empty() {
        let _ = writeln!(out, "\nPermissions");
        let mut current = String::new();
        for check in &diagnosis.checks {
            let group = format!("{} › {}", check.tab, check.area);
            if group != current {
                let _ = writeln!(out, "  {group}");
                current = group;
            }
            let mark = match check.status {
                CheckStatus::Granted => "ok      ",
                CheckStatus::Missing => "MISSING ",
                CheckStatus::Unverifiable => "confirm ",
            };
            let _ = writeln!(out, "    [{mark}] {} ({})", check.label, check.section);
            let _ = writeln!(out, "               {}", check.evidence);
            if check.status == CheckStatus::Missing {
                let _ = writeln!(out, "               Fix: {}", check.fix);
            }
        }
    }

    if diagnosis.auth.status == AuthStatus::Accepted {
        let lifecycle = &diagnosis.lifecycle;
        let _ = writeln!(out, "\nWhose data");
        let active = lifecycle
            .active
            .map(|a| format!(" ({a} active)"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {} employees visible{active}", lifecycle.visible);
        if lifecycle.statuses_readable {
            let counts: Vec<String> = lifecycle
                .counts
                .iter()
                .map(|(status, n)| format!("{} {n}", status.display_name()))
                .collect();
            let _ = writeln!(out, "  {}", counts.join(" · "));
        }
        for warning in &lifecycle.warnings {
            let _ = writeln!(out, "  ! {warning}");
        }
    }

    if !diagnosis.warnings.is_empty() {
        let _ = writeln!(out, "\nNotes");
        for warning in &diagnosis.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }

    let missing = diagnosis.missing().count();
    let confirm = diagnosis
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Unverifiable)
        .count();
    let summary = match diagnosis.verdict {
        Verdict::Ready if confirm > 0 => {
            format!("Ready. {confirm} permissions cannot be checked from here: confirm them in HiBob.")
        }
        Verdict::Ready => "Ready: everything this integration needs is granted.".to_string(),
        Verdict::PermissionsMissing => format!(
            "{missing} missing. Grant {}, Save and Apply in HiBob, wait a few seconds, then run the check again.",
            if missing == 1 { "it" } else { "them" }
        ),
        Verdict::CredentialsRejected => "HiBob did not accept the credentials.".to_string(),
        Verdict::Unreachable => "HiBob could not be reached; nothing was checked.".to_string(),
    };
    let _ = writeln!(out, "\n{summary}");
    out
}

/// Sync now's preview as a short report for the terminal.
pub fn preview_summary(preview: &crate::sync::Preview) -> String {
    let mut out = String::new();
    let counts = &preview.counts;
    let _ = writeln!(
        out,
        "HiBob Setup · Sync now (preview) · profile {}",
        preview.profile
    );
    let _ = writeln!(
        out,
        "\n{}: {} would sync as they are, {} need fixing first.",
        employees(counts.employees),
        counts.ready,
        counts.blocked
    );
    if !preview.problems.is_empty() {
        let _ = writeln!(out, "\nProblems");
        for problem in &preview.problems {
            let mark = if problem.blocking {
                "BLOCKING"
            } else {
                "warning "
            };
            let _ = writeln!(out, "  [{mark}] {}", problem.message);
            let _ = writeln!(out, "             {}", problem.hint);
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
                let _ = writeln!(out, "             Employees: {}{tail}", shown.join(", "));
            }
        }
    }
    let _ = writeln!(out, "\nCoverage (records with a value)");
    for coverage in &preview.coverage {
        let note = if coverage.withheld == counts.employees && counts.employees > 0 {
            " (withheld by HiBob)".to_string()
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<20} {:>5.1}%{note}",
            coverage.target, coverage.percent
        );
    }
    for table in &preview.tables {
        if table.withheld {
            let _ = writeln!(
                out,
                "\n{}: withheld by HiBob",
                capitalized(table.table.name())
            );
        } else {
            let _ = writeln!(
                out,
                "\n{}: {} rows for {}",
                capitalized(table.table.name()),
                table.rows,
                employees(table.employees)
            );
        }
    }
    if !preview.teams.is_empty() {
        let teams: Vec<String> = preview
            .teams
            .iter()
            .map(|t| format!("{} ({})", t.name, t.members))
            .collect();
        let _ = writeln!(out, "\nTeams: {}", teams.join(", "));
    }
    out
}
