//! Every problem a preview can report, in words: what is wrong, for how many people, and what to
//! do about it. The sentences live here and nowhere else.

use std::collections::{BTreeMap, HashMap};

use super::{Grant, Problem, ProblemKind};
use crate::catalog::Catalog;
use crate::profile::HistoryTable;
use crate::wording::employees;

/// Problems collected per (kind, column), each with the employees it affects.
#[derive(Default)]
pub(super) struct Problems {
    found: BTreeMap<(ProblemKind, Option<String>), Vec<String>>,
    /// Per target field, HiBob's name for its source field and that field's category, so a
    /// sentence can say where in HiBob to grant it.
    labels: HashMap<String, FieldLabel>,
}

/// A field as HiBob's permission editor shows it.
struct FieldLabel {
    name: String,
    category: String,
    /// HiBob's `categoryId`, which says which permission shares the field.
    category_id: String,
}

impl Problems {
    /// Records HiBob's name and category of the field behind a target field.
    pub(super) fn label(&mut self, target: &str, name: &str, category: &str, category_id: &str) {
        if !name.trim().is_empty() && !category.trim().is_empty() {
            self.labels.insert(
                target.to_string(),
                FieldLabel {
                    name: name.trim().to_string(),
                    category: category.trim().to_string(),
                    category_id: category_id.trim().to_string(),
                },
            );
        }
    }

    pub(super) fn add(&mut self, kind: ProblemKind, column: Option<&str>, employee_id: &str) {
        self.found
            .entry((kind, column.map(String::from)))
            .or_default()
            .push(employee_id.to_string());
    }

    /// A problem about the tenant rather than particular employees.
    pub(super) fn note(&mut self, kind: ProblemKind, column: &str) {
        self.found
            .entry((kind, Some(column.to_string())))
            .or_default();
    }

    /// The problems in a stable order: by kind, then by column. `catalog` (the profile's) names
    /// the permission behind a withheld field.
    pub(super) fn finish(self, catalog: Option<&Catalog>) -> Vec<Problem> {
        let labels = self.labels;
        self.found
            .into_iter()
            .map(|((kind, column), employee_ids)| {
                let label = column.as_ref().and_then(|c| labels.get(c));
                let grant = label
                    .zip(catalog)
                    .and_then(|(label, catalog)| field_grant(kind, &label.category_id, catalog));
                let (message, hint) = describe(
                    kind,
                    column.as_deref(),
                    employee_ids.len(),
                    label,
                    grant.as_ref(),
                );
                Problem {
                    kind,
                    blocking: kind.is_blocking(),
                    column,
                    message,
                    hint,
                    employee_ids,
                    grant,
                }
            })
            .collect()
    }
}

/// The permission that shares a field HiBob withheld: its section's View, or its section
/// histories when only the history was withheld.
fn field_grant(kind: ProblemKind, category_id: &str, catalog: &Catalog) -> Option<Grant> {
    let permission = match kind {
        ProblemKind::FieldWithheld
        | ProblemKind::FieldRestricted
        | ProblemKind::EmptyOrWithheld => catalog.view_of_category(category_id),
        ProblemKind::FieldHistoryRestricted => catalog.history_of_category(category_id),
        _ => None,
    }?;
    Some(Grant::of(permission))
}

/// A history table HiBob refused: about the tenant, not particular employees.
pub(super) fn table_withheld(table: HistoryTable, catalog: Option<&Catalog>) -> Problem {
    let kind = ProblemKind::TableWithheld;
    let grant = catalog
        .and_then(|c| c.checked_by(table.probe()))
        .map(Grant::of);
    let (message, hint) = describe(kind, Some(table.name()), 0, None, grant.as_ref());
    Problem {
        kind,
        blocking: kind.is_blocking(),
        column: Some(table.name().to_string()),
        message,
        hint,
        employee_ids: Vec::new(),
        grant,
    }
}

/// The message and the hint for `n` employees with a problem of this kind in `column`, with
/// HiBob's name and category of the field when known.
fn describe(
    kind: ProblemKind,
    column: Option<&str>,
    n: usize,
    label: Option<&FieldLabel>,
    grant: Option<&Grant>,
) -> (String, String) {
    let field = column.unwrap_or("a field");
    let people = employees(n);
    // "have" or "has", to agree with `people`.
    let have = if n == 1 { "has" } else { "have" };
    let are = if n == 1 { "is" } else { "are" };
    // "a site", "an email".
    let a = if field.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    let (named, category, histories) = match label {
        Some(label) => (
            format!("{field} ({}, in {})", label.name, label.category),
            label.category.clone(),
            format!("the {} section histories", label.category),
        ),
        None => (
            field.to_string(),
            "its category".to_string(),
            "the section histories of its category".to_string(),
        ),
    };
    // Where to grant the field: per field under field-level permissions, per category otherwise.
    let field_level = |right: &str| match label {
        Some(label) => format!(
            "People's data › People's fields › {} › {} › {right}",
            label.category, label.name
        ),
        None => format!("People's data › People's fields › (its category) › (the field) › {right}"),
    };
    match kind {
        ProblemKind::TableWithheld => (
            format!("HiBob refused the {field}."),
            match grant {
                Some(grant) => grant.fix.clone(),
                None => "A section histories permission is missing.".into(),
            },
        ),
        ProblemKind::FieldWithheld => (
            format!("HiBob withheld {named} for every employee."),
            match grant {
                Some(grant) => format!(
                    "{} Under field-level permissions, grant {} instead.",
                    grant.fix,
                    field_level("View")
                ),
                None => format!(
                    "A permission is missing: View on {category} (People's data › People), or under \
                     field-level permissions {}.",
                    field_level("View")
                ),
            },
        ),
        ProblemKind::FieldRestricted => (
            format!(
                "HiBob withheld {named} under field-level permissions: its blanks are withheld values, not \
                 empty ones."
            ),
            format!(
                "Grant View on the field: {}. Where the company still uses category permissions, grant \
                 View on {category} (People's data › People).",
                field_level("View")
            ),
        ),
        ProblemKind::FieldHistoryRestricted => (
            format!(
                "HiBob shows the current {named} but withheld its history under field-level permissions."
            ),
            format!(
                "Grant View history on the field: {}. Where the company still uses category permissions, \
                 grant {histories} (People's data › People).",
                field_level("View history")
            ),
        ),
        ProblemKind::EmptyOrWithheld => (
            format!(
                "Every employee's {named} came back blank. This company uses field-level permissions, so \
                 it is withheld or empty: HiBob's answer cannot tell which."
            ),
            format!(
                "If it should have values, check {} for the service user's group.",
                field_level("View")
            ),
        ),
        ProblemKind::MissingRequired => (
            format!("{people} {have} no {field}, which the integration requires."),
            "Fill it in on their HiBob profiles; these records cannot sync until then.".into(),
        ),
        ProblemKind::InvalidEmail => (
            format!("{people} {have} {a} {field} that is not an email address."),
            "Correct the address on their HiBob profiles.".into(),
        ),
        ProblemKind::DuplicateEmail => (
            format!(
                "{people} share{} {a} {field} with someone else.",
                if n == 1 { "s" } else { "" }
            ),
            "Each person needs their own address; the integration would merge or reject them.".into(),
        ),
        ProblemKind::InvalidDate => (
            format!("{people} {have} {a} {field} that is not a date."),
            "Correct the date on their HiBob profiles.".into(),
        ),
        ProblemKind::ManagerNotVisible => (
            format!(
                "{people} report{} to a manager the service user cannot see.",
                if n == 1 { "s" } else { "" }
            ),
            "The manager is often a leaver or a future starter left out by the Lifecycle status condition: \
             include every status in the group's Access data for."
                .into(),
        ),
        ProblemKind::ManagerCycle => (
            format!("{people} {are} in a reporting loop (following managers upwards comes back to them)."),
            "Correct the Reports to field in HiBob so the chain ends at the top of the company.".into(),
        ),
        ProblemKind::TerminatedWithoutDate => (
            format!("{people} {are} terminated but {have} no termination date."),
            "Add the termination date in HiBob, or the integration cannot tell when they left.".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ProblemKind; 12] = [
        ProblemKind::FieldWithheld,
        ProblemKind::TableWithheld,
        ProblemKind::FieldRestricted,
        ProblemKind::FieldHistoryRestricted,
        ProblemKind::EmptyOrWithheld,
        ProblemKind::MissingRequired,
        ProblemKind::InvalidEmail,
        ProblemKind::DuplicateEmail,
        ProblemKind::InvalidDate,
        ProblemKind::ManagerNotVisible,
        ProblemKind::ManagerCycle,
        ProblemKind::TerminatedWithoutDate,
    ];

    /// Every sentence a preview can show, for one employee and for several, with and without the
    /// field's name from HiBob: the verbs agree with the count and every place to grant is named.
    #[test]
    fn every_problem_sentence_for_one_and_for_several_employees() {
        let label = FieldLabel {
            name: "FTE".into(),
            category: "Employment".into(),
            category_id: "employment".into(),
        };
        let catalog = Catalog::builtin().unwrap();
        let mut all = String::new();
        for kind in ALL {
            for n in [1, 3] {
                for label in [None, Some(&label)] {
                    let grant = label.and_then(|l| field_grant(kind, &l.category_id, &catalog));
                    let (message, hint) = describe(kind, Some("fte"), n, label, grant.as_ref());
                    assert!(!message.contains("1 employees"), "{message}");
                    for wrong in [
                        "1 employee have",
                        "1 employee are",
                        "1 employee share ",
                        "1 employee report ",
                    ] {
                        assert!(!message.contains(wrong), "{message}");
                    }
                    all.push_str(&format!(
                        "{kind:?} n={n} label={}\n  {message}\n  {hint}\n",
                        label.is_some()
                    ));
                }
            }
        }
        insta::assert_snapshot!(all);
    }

    #[test]
    fn a_restricted_field_says_where_to_grant_it_per_field_and_per_category() {
        let mut problems = Problems::default();
        problems.label("fte", "FTE", "Employment", "employment");
        problems.note(ProblemKind::FieldRestricted, "fte");
        let found = problems.finish(Catalog::shared());
        assert_eq!(found[0].kind, ProblemKind::FieldRestricted);
        assert!(
            found[0].message.contains("fte (FTE, in Employment)"),
            "{}",
            found[0].message
        );
        assert!(
            found[0]
                .hint
                .contains("People's data › People's fields › Employment › FTE › View"),
            "{}",
            found[0].hint
        );
        assert!(
            found[0].hint.contains("View on Employment"),
            "{}",
            found[0].hint
        );
        assert!(
            found[0].employee_ids.is_empty(),
            "about the company, not people"
        );
    }

    #[test]
    fn a_withheld_field_or_table_names_the_permission_once_with_its_place() {
        let mut problems = Problems::default();
        problems.label("job_title", "Job title", "Work", "work");
        problems.note(ProblemKind::FieldWithheld, "job_title");
        let found = problems.finish(Catalog::shared());
        let grant = found[0].grant.as_ref().unwrap();
        assert_eq!(grant.permission, "people.work.view");
        assert_eq!(grant.fix_step, crate::catalog::FixStep::Permissions);
        assert!(found[0].hint.starts_with(&grant.fix), "{}", found[0].hint);
        assert!(
            !found[0].hint.contains("Test connection"),
            "{}",
            found[0].hint
        );

        let table = table_withheld(HistoryTable::Salaries, Catalog::shared());
        assert_eq!(
            table.grant.unwrap().label,
            "View selected employees’ Payroll section histories"
        );
    }
}
