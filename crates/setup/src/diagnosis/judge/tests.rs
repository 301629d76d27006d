//! Table tests of the judgement: what HiBob answered → (judgement, evidence), no simulator.

use std::collections::{BTreeSet, HashMap};

use hibob::Employee;
use serde_json::json;

use super::*;
use crate::catalog::Tab;
use crate::wording::capitalized;
use CheckStatus::{Granted, Missing, Unverifiable};

const NOBODY: &str =
    "No employee is visible to the service user, so this cannot be checked until it may see someone.";
const UNREADABLE: &str = "Lifecycle statuses cannot be read without the Lifecycle permission.";

/// What HiBob answered, in the shapes a run collects it in. The tenant and the plan are the
/// same for every test: two Work fields and the email.
#[derive(Default)]
struct Answers {
    employees: Vec<Value>,
    /// The active-only search's count; `None` when it failed.
    active: Option<usize>,
    probes: HashMap<Probe, Result<RawResponse, HibobError>>,
    documents: Vec<Result<RawResponse, HibobError>>,
    /// Table columns HiBob reported withheld.
    restricted: Vec<RestrictedField>,
}

impl Answers {
    fn people(employees: Vec<Value>) -> Self {
        Answers {
            employees,
            ..Answers::default()
        }
    }

    fn judge(&self, verify: Verify) -> (CheckStatus, String) {
        self.with_evidence(|evidence| evidence.judge(&permission(verify)))
    }

    /// One row of a table: the judgement and its sentence, naming the row when they differ.
    fn assert_judged(&self, verify: Verify, status: CheckStatus, evidence: &str, row: &str) {
        assert_eq!(self.judge(verify), (status, evidence.to_string()), "{row}");
    }

    fn with_evidence<T>(&self, judge: impl FnOnce(&Evidence) -> T) -> T {
        let employees: Vec<Employee> = self
            .employees
            .iter()
            .map(|e| serde_json::from_value(e.clone()).unwrap())
            .collect();
        let fields = tenant_fields();
        let plan = Plan {
            search_fields: vec!["work.title".into(), "work.site".into(), "root.email".into()],
            fields_by_category: HashMap::from([(
                "work".to_string(),
                vec!["work.title".to_string(), "work.site".to_string()],
            )]),
            probes: BTreeSet::new(),
            document_folders: BTreeSet::new(),
            mapped: BTreeSet::from(["work.title".to_string()]),
            history_tables: BTreeSet::from([Table::Work]),
            field_tables: BTreeSet::from([Table::Work]),
        };
        let view = CompanyView::of(&employees, &plan.search_fields, self.active);
        judge(&Evidence {
            view: &view,
            fields: &fields,
            plan: &plan,
            probes: &self.probes,
            documents: &self.documents,
            restricted: &self.restricted,
            field_level: !self.restricted.is_empty(),
        })
    }
}

fn tenant_fields() -> Vec<FieldMeta> {
    [
        ("work.title", "Job title", "work", "Work"),
        ("work.site", "Site", "work", "Work"),
        ("root.email", "Email", "root", "Basic info"),
    ]
    .into_iter()
    .map(|(id, name, category, category_name)| {
        serde_json::from_value(json!({
            "id": id, "name": name, "categoryId": category, "categoryDisplayName": category_name
        }))
        .unwrap()
    })
    .collect()
}

/// A permission verified this way, in the section its category or folder names ("work" →
/// "Work"), else in Work.
fn permission(verify: Verify) -> Permission {
    let section = match &verify {
        Verify::Fields(name) | Verify::Documents(name) => capitalized(name),
        _ => "Work".to_string(),
    };
    Permission {
        id: "test".into(),
        tab: Tab::PeoplesData,
        area: "People".into(),
        section,
        label: "View selected employees' Work sections".into(),
        other_wordings: Vec::new(),
        unlocks: "Job titles.".into(),
        verify,
    }
}

fn ok(value: Value) -> Result<RawResponse, HibobError> {
    Ok(RawResponse {
        value,
        body_bytes: 0,
        restricted_columns: Default::default(),
    })
}

fn forbidden(endpoint: &str) -> Result<RawResponse, HibobError> {
    Err(HibobError::Forbidden {
        endpoint: endpoint.into(),
    })
}

const EVERYONE_TERMINATED: &str = concat!(
    "None of the 3 employees visible has the status Terminated. Unless the company has nobody terminated, the \
     condition leaves them out.",
    " Only active employees are visible: HiBob's “Everyone” choice covers active employees only, so leavers and \
     future starters need “Select people by condition” instead."
);
const EVERYONE_HIRED: &str = concat!(
    "None of the 3 employees visible has the status Hired: either nobody is hired and waiting to start right now, \
     or the condition leaves them out.",
    " Only active employees are visible: HiBob's “Everyone” choice covers active employees only, so leavers and \
     future starters need “Select people by condition” instead."
);
const EVERYONE_LEAVE: &str = concat!(
    "None of the 3 employees visible has the status Leave: either nobody is on leave right now, or the condition \
     leaves them out.",
    " Only active employees are visible: if the group's data access is “Everyone”, people on leave whose HiBob \
     access is deactivated are left out too."
);
const EVERYONE_PARENTAL_LEAVE: &str = concat!(
    "None of the 3 employees visible has the status Parental leave: either nobody is on parental leave right now, \
     or the condition leaves them out.",
    " Only active employees are visible: if the group's data access is “Everyone”, people on leave whose HiBob \
     access is deactivated are left out too."
);
const EVERYONE_HIRED_UNREADABLE: &str = concat!(
    "No future starter is visible: none of the 3 employees visible is inactive, even with inactive people included, \
     and future starters stay inactive until their first day. Either nobody is waiting to start, or the group's data \
     access leaves them out.",
    " Only active employees are visible: HiBob's “Everyone” choice covers active employees only, so leavers and \
     future starters need “Select people by condition” instead."
);
const EVERYONE_UNREADABLE: &str = concat!(
    "None of the 3 employees visible is inactive, even with inactive people included, so no leaver is visible.",
    " Only active employees are visible: HiBob's “Everyone” choice covers active employees only, so leavers and \
     future starters need “Select people by condition” instead."
);

#[test]
fn lifecycle_is_judged_from_statuses_else_from_active_and_inactive_counts() {
    use LifecycleStatus::*;
    // (statuses readable?, active, inactive, status required) → (judgement, evidence).
    // Readable: the active are employed, the inactive terminated.
    #[rustfmt::skip]
    let rows = [
        (true, Some(0), 0, Employed, Missing, "No employee is visible at all, so nobody with this status is either."),
        (true, Some(2), 1, Employed, Granted, "Visible with the status Employed: 2 of 3 employees."),
        (true, Some(2), 1, Terminated, Granted, "Visible with the status Terminated: 1 of 3 employees."),
        (true, Some(3), 0, Terminated, Missing, EVERYONE_TERMINATED),
        (true, Some(3), 0, Employed, Granted, "Visible with the status Employed: 3 of 3 employees."),
        (true, Some(0), 3, Employed, Missing, "None of the 3 employees visible has the status Employed. Unless the company has nobody employed, the condition leaves them out."),
        (true, Some(3), 0, GardenLeave, Unverifiable, "None of the 3 employees visible has the status Garden leave: either nobody is on garden leave right now, or the condition leaves them out."),
        (true, Some(3), 0, ParentalLeave, Unverifiable, EVERYONE_PARENTAL_LEAVE),
        (true, Some(3), 0, Leave, Unverifiable, EVERYONE_LEAVE),
        (true, Some(2), 1, Leave, Unverifiable, "None of the 3 employees visible has the status Leave: either nobody is on leave right now, or the condition leaves them out."),
        (true, Some(3), 0, Hired, Unverifiable, EVERYONE_HIRED),
        (true, Some(1), 0, Employed, Granted, "Visible with the status Employed: 1 of 1 employee."),
        (false, Some(0), 0, Terminated, Missing, "No employee is visible at all, so nobody with this status is either."),
        (false, Some(3), 0, Employed, Granted, "Active and visible: 3 of 3 employees."),
        (false, Some(0), 2, Employed, Unverifiable, UNREADABLE),
        (false, None, 3, Employed, Unverifiable, UNREADABLE),
        (false, Some(3), 0, Terminated, Missing, EVERYONE_UNREADABLE),
        (false, Some(3), 0, Hired, Unverifiable, EVERYONE_HIRED_UNREADABLE),
        (false, Some(2), 1, Terminated, Unverifiable, "Inactive and visible: 1 of 3 employees, but whether they are leavers or future starters cannot be read without the Lifecycle permission."),
        (false, Some(1), 2, Hired, Unverifiable, "Inactive and visible: 2 of 3 employees, but whether they are leavers or future starters cannot be read without the Lifecycle permission."),
        (false, None, 3, Terminated, Unverifiable, UNREADABLE),
        (false, Some(2), 1, ParentalLeave, Unverifiable, UNREADABLE),
        (false, Some(2), 1, Leave, Unverifiable, UNREADABLE),
    ];
    for (readable, active, inactive, required, status, evidence) in rows {
        let person = |id: usize, lifecycle: &str| {
            if readable {
                json!({"id": id.to_string(), "internal": {"lifecycleStatus": lifecycle}})
            } else {
                json!({"id": id.to_string()})
            }
        };
        let employees = (0..active.unwrap_or(0))
            .map(|i| person(i, "employed"))
            .chain((0..inactive).map(|i| person(100 + i, "terminated")))
            .collect();
        let answers = Answers {
            active,
            ..Answers::people(employees)
        };
        let row = format!(
            "readable {readable}, active {active:?}, inactive {inactive}, required {required:?}"
        );
        answers.assert_judged(Verify::Lifecycle(required), status, evidence, &row);
    }
}

#[test]
fn without_lifecycle_statuses_future_starters_are_told_by_their_start_dates() {
    // (start dates of the visible, active count) → (judgement, evidence).
    let rows: [(&[&str], Option<usize>, CheckStatus, &str); 4] = [
        (
            &["2019-04-01", "2999-01-15", "2999-02-01"],
            Some(1),
            CheckStatus::Granted,
            "Visible and starting after today: 2 of 3 employees, so future starters are in view (told by start date, \
             as the Lifecycle status cannot be read).",
        ),
        (
            &["2019-04-01", "2020-06-01", "2001-01-01"],
            Some(1),
            CheckStatus::Unverifiable,
            "No future starter is visible: 2 of the 3 employees visible are inactive, but nobody visible starts after \
             today. Either nobody is waiting to start, or the condition leaves them out.",
        ),
        (
            &["2019-04-01", "2020-06-01"],
            Some(2),
            CheckStatus::Unverifiable,
            "No future starter is visible: none of the 2 employees visible is inactive, even with inactive people \
             included, and future starters stay inactive until their first day. Either nobody is waiting to start, or \
             the group's data access leaves them out. Only active employees are visible: HiBob's “Everyone” choice \
             covers active employees only, so leavers and future starters need “Select people by condition” instead.",
        ),
        // Start dates are not among what came back: the inactive cannot be told apart.
        (
            &[],
            Some(1),
            CheckStatus::Unverifiable,
            "Inactive and visible: 2 of 3 employees, but whether they are leavers or future starters cannot be read \
             without the Lifecycle permission.",
        ),
    ];
    for (dates, active, status, evidence) in rows {
        let employees = if dates.is_empty() {
            (0..3).map(|i| json!({"id": i.to_string()})).collect()
        } else {
            dates
                .iter()
                .enumerate()
                .map(|(i, date)| json!({"id": i.to_string(), "work": {"startDate": date}}))
                .collect()
        };
        let answers = Answers {
            active,
            ..Answers::people(employees)
        };
        answers.assert_judged(
            Verify::Lifecycle(LifecycleStatus::Hired),
            status,
            evidence,
            &format!("{dates:?}, active {active:?}"),
        );
    }
}

#[test]
fn fields_are_granted_on_values_never_on_nulls() {
    let all_values = || {
        vec![
            json!({"id": "1", "work": {"title": "Engineer", "site": "Berlin"}}),
            json!({"id": "2", "work": {"title": "Designer", "site": "Paris"}}),
        ]
    };
    let some_null = || {
        vec![
            json!({"id": "1", "work": {"title": "Engineer", "site": null}}),
            json!({"id": "2", "work": {"title": null, "site": null}}),
        ]
    };
    // The title is null for everyone while the site, in the same category, arrives.
    let all_null_with_category = || {
        vec![
            json!({"id": "1", "work": {"title": null, "site": "Berlin"}}),
            json!({"id": "2", "work": {"title": null, "site": "Paris"}}),
        ]
    };
    let all_null = || {
        vec![
            json!({"id": "1", "work": {"title": null, "site": ""}}),
            json!({"id": "2", "work": {"title": null, "site": null}}),
        ]
    };
    let absent = || vec![json!({"id": "1"}), json!({"id": "2"})];
    let category = |name: &str| Verify::Fields(name.into());
    let field = |id: &str| Verify::Field(id.into());
    // (how it is verified, the employees HiBob returned) → (judgement, evidence).
    #[rustfmt::skip]
    let rows = [
        (category("work"), all_values(), Granted, "2 of 2 employees came back with values in Work fields."),
        (category("work"), some_null(), Granted, "1 of 2 employees came back with values in Work fields."),
        (category("work"), all_null_with_category(), Granted, "2 of 2 employees came back with values in Work fields."),
        (category("work"), all_null(), Unverifiable, "Cannot tell: the Work fields came back empty for all 2 employees (asked for work.title, work.site). Either nobody has data there, or a field permission withholds them."),
        (category("work"), absent(), Missing, "HiBob left out every Work field for all 2 employees (asked for work.title, work.site)."),
        (category("work"), vec![], Unverifiable, NOBODY),
        (category("payroll"), all_values(), Unverifiable, "This company's HiBob has no fields in the Payroll section, so HiBob cannot show whether it is granted."),
        (field("work.title"), all_values(), Granted, "work.title has a value for 2 of 2 employees."),
        (field("work.title"), some_null(), Granted, "work.title has a value for 1 of 2 employees."),
        (field("work.title"), all_null_with_category(), Unverifiable, "Cannot tell: work.title came back empty for all 2 employees while other Work fields have values. Either nobody has it filled in, or a field permission withholds it."),
        (field("work.title"), all_null(), Unverifiable, "Cannot tell: work.title came back empty for all 2 employees. Either nobody has it filled in, or a field permission withholds it."),
        (field("work.title"), absent(), Missing, "HiBob left work.title out for all 2 employees."),
        (field("work.title"), vec![], Unverifiable, NOBODY),
        (field("about.birthDate"), all_values(), Unverifiable, "This company's HiBob has no field about.birthDate, so it cannot be checked."),
    ];
    for (verify, employees, status, evidence) in rows {
        let seen = format!("{verify:?} with {employees:?}");
        Answers::people(employees).assert_judged(verify, status, evidence, &seen);
    }
}

#[test]
fn a_field_hibob_reports_withheld_is_named_with_where_to_grant_it() {
    // HiBob's table answer listed the title column under no_view_permission; the search sent the
    // title as null, the site with values.
    let answers = Answers {
        restricted: vec![RestrictedField {
            field_id: "work.title".into(),
            table: Table::Work,
            access: FieldAccess::View,
        }],
        ..Answers::people(vec![
            json!({"id": "1", "work": {"title": null, "site": "Berlin"}}),
            json!({"id": "2", "work": {"title": null, "site": "Paris"}}),
        ])
    };
    assert_eq!(
        answers.judge(Verify::Field("work.title".into())),
        (
            Missing,
            "HiBob reported work.title as withheld from the service user.".to_string()
        )
    );
    // The section is granted (the site arrives), but the integration maps the title: missing,
    // with the one field to grant under field-level permissions.
    let section = permission(Verify::Fields("work".into()));
    let check = answers.with_evidence(|e| e.check(&section, "Job titles."));
    assert_eq!(check.status, Missing);
    assert_eq!(
        check.evidence,
        "2 of 2 employees came back with values in Work fields. But HiBob withholds Job title (Work) from the \
         service user: this company uses field-level permissions, and they are not granted."
    );
    assert_eq!(check.field_fixes.len(), 1);
    let fix = &check.field_fixes[0];
    assert_eq!(
        (fix.field.as_str(), fix.name.as_str(), fix.category.as_str()),
        ("work.title", "Job title", "Work")
    );
    assert!(fix.restricted);
    assert!(fix
        .fix
        .contains("People's data › People's fields › Work › Job title, tick View"));

    // A mapped field left out for everyone while its section arrives: withheld on its own.
    let answers = Answers::people(vec![
        json!({"id": "1", "work": {"site": "Berlin"}}),
        json!({"id": "2", "work": {"site": "Paris"}}),
    ]);
    let check = answers.with_evidence(|e| e.check(&section, "Job titles."));
    assert_eq!(check.status, Missing);
    assert_eq!(
        check.evidence,
        "2 of 2 employees came back with values in Work fields. But HiBob left out Job title (Work) for every \
         employee: that field is withheld on its own."
    );
    assert_eq!(check.field_fixes[0].field, "work.title");
    assert!(!check.field_fixes[0].restricted);

    // A withheld field the integration does not map is listed, but does not fail the section.
    let answers = Answers {
        restricted: vec![RestrictedField {
            field_id: "work.site".into(),
            table: Table::Work,
            access: FieldAccess::View,
        }],
        ..Answers::people(vec![
            json!({"id": "1", "work": {"title": "Engineer", "site": null}}),
        ])
    };
    let check = answers.with_evidence(|e| e.check(&section, "Job titles."));
    assert_eq!(check.status, Granted);
    assert_eq!(check.field_fixes[0].field, "work.site");

    // A history column withheld fails the history check of a table the integration reads.
    let answers = Answers {
        restricted: vec![RestrictedField {
            field_id: "work.site".into(),
            table: Table::Work,
            access: FieldAccess::ViewHistory,
        }],
        probes: HashMap::from([(
            Probe::WorkHistory,
            ok(
                json!({"results": [{"employeeId": "1", "values": [{"effectiveDate": "2020-01-15"}, {"effectiveDate": "2023-01-01"}]}]}),
            ),
        )]),
        ..Answers::people(vec![
            json!({"id": "1", "work": {"startDate": "2020-01-15"}}),
        ])
    };
    let history = permission(Verify::Endpoint(Probe::WorkHistory));
    let check = answers.with_evidence(|e| e.check(&history, "Job history."));
    assert_eq!(check.status, Missing);
    assert!(
        check.evidence.ends_with(
            "But HiBob withholds the history of Site (Work) from the service user: this company uses field-level \
             permissions, and they are not granted."
        ),
        "{}",
        check.evidence
    );
    assert_eq!(check.field_fixes[0].access, FieldAccess::ViewHistory);
}

#[test]
fn endpoints_are_judged_by_hibobs_answer_to_each() {
    let people = || vec![json!({"id": "1"})];
    let outage = || Err(HibobError::Server { status: 503 });
    // (probe, HiBob's answer if it was asked, the employees visible) → (judgement, evidence).
    #[rustfmt::skip]
    let rows = [
        (Probe::BankAccounts, None, people(), Unverifiable, "This check could not be run."),
        (Probe::BankAccounts, None, vec![], Unverifiable, NOBODY),
        (Probe::BankAccounts, Some(forbidden("GET /people/{id}/bank-accounts")), people(), Missing, "HiBob answered 403 Forbidden to GET /people/{id}/bank-accounts."),
        (Probe::WhosOut, Some(outage()), people(), Unverifiable, "Could not check: HiBob had an internal problem (HTTP 503)."),
        (Probe::BankAccounts, Some(ok(json!({"values": []}))), people(), Granted, "HiBob answered GET /people/{id}/bank-accounts with data."),
        (Probe::TimeOffBalance, Some(ok(json!({}))), people(), Granted, "HiBob answered GET /timeoff/employees/{id}/balance with data."),
        (Probe::WhosOut, Some(ok(json!({"outs": []}))), people(), Granted, "HiBob answered GET /timeoff/outtoday with data."),
        (Probe::TimeOffSettings, Some(ok(json!({"policyTypes": []}))), people(), Granted, "HiBob answered GET /timeoff/policy-types with data."),
        // Only the work and employment tables are judged row by row; the others by answering.
        (Probe::SalaryHistory, Some(ok(json!({"results": []}))), people(), Granted, "HiBob answered GET /bulk/people/salaries with data."),
        (Probe::LifecycleHistory, Some(ok(json!({"results": []}))), people(), Granted, "HiBob answered GET /bulk/people/lifecycle with data."),
        // Tasks and reports: a 200 settles it, and the evidence counts what came back.
        (Probe::Tasks, Some(ok(json!({"tasks": [{"id": 1}, {"id": 2}, {"id": 3}]}))), people(), Granted, "HiBob answered GET /tasks with 3 open tasks."),
        (Probe::Tasks, Some(ok(json!({"tasks": [{"id": 1}]}))), vec![], Granted, "HiBob answered GET /tasks with 1 open task."),
        (Probe::Tasks, Some(ok(json!({"tasks": []}))), people(), Granted, "HiBob answered GET /tasks with an empty list: tasks may be viewed, but none is open for the people the service user may see."),
        (Probe::Tasks, Some(ok(json!({"todo": []}))), people(), Granted, "HiBob answered GET /tasks with data."),
        (Probe::Tasks, Some(forbidden("GET /tasks")), people(), Missing, "HiBob answered 403 Forbidden to GET /tasks."),
        (Probe::Tasks, Some(Err(HibobError::NotFound { endpoint: "GET /tasks".into() })), people(), Unverifiable, "Could not check: HiBob found nothing at GET /tasks."),
        (Probe::Reports, Some(ok(json!({"views": [{"id": 7, "name": "Headcount"}, {"id": 8}]}))), people(), Granted, "HiBob answered GET /company/reports with 2 reports."),
        (Probe::Reports, Some(ok(json!({"views": []}))), people(), Granted, "HiBob answered GET /company/reports with an empty list: reports may be viewed, but HiBob lists none whose data the service user may see."),
        (Probe::Reports, Some(forbidden("GET /company/reports")), people(), Missing, "HiBob answered 403 Forbidden to GET /company/reports."),
        (Probe::Reports, Some(Err(HibobError::NotFound { endpoint: "GET /company/reports".into() })), people(), Missing, "HiBob answered 404 Not Found to GET /company/reports, which HiBob documents, like a 403, for a service user that may not view reports."),
    ];
    for (probe, answer, employees, status, evidence) in rows {
        let seen = format!("{probe:?} answered {answer:?}");
        let answers = Answers {
            probes: answer
                .map(|a| HashMap::from([(probe, a)]))
                .unwrap_or_default(),
            ..Answers::people(employees)
        };
        answers.assert_judged(Verify::Endpoint(probe), status, evidence, &seen);
    }
}

#[test]
fn a_history_is_withheld_only_when_its_single_row_starts_after_the_start_date() {
    let page = |rows: &[(&str, &[&str])]| {
        let results: Vec<Value> = rows
            .iter()
            .map(|(id, dates)| {
                let values: Vec<Value> =
                    dates.iter().map(|d| json!({"effectiveDate": d})).collect();
                json!({"employeeId": id, "values": values})
            })
            .collect();
        json!({"results": results})
    };
    let more_pages = |mut answer: Value| {
        answer["response_metadata"] = json!({"next_cursor": "next"});
        answer
    };
    // (table, the rows HiBob returned per employee) → (judgement, evidence). Employee 1
    // started on 2020-01-15, employee 2 on 2021-06-01; HiBob never listed employee 9.
    #[rustfmt::skip]
    let rows = [
        (Probe::WorkHistory, json!({"results": "not a list"}), Unverifiable, "HiBob's answer did not have the expected shape."),
        (Probe::WorkHistory, page(&[("1", &["2020-01-15", "2023-01-01"]), ("2", &["2021-06-01"])]), Granted, "1 of 2 employees sampled came back with earlier rows."),
        (Probe::WorkHistory, page(&[("1", &["2023-01-01"]), ("2", &["2021-06-01"])]), Missing, "Only the current work row came back, and for 1 of 2 employees sampled it starts after their start date: the earlier rows are withheld."),
        (Probe::EmploymentHistory, page(&[("1", &["2024-02-01"])]), Missing, "Only the current employment row came back, and for 1 of 1 employee sampled it starts after their start date: the earlier rows are withheld."),
        (Probe::EmploymentHistory, page(&[("1", &["2020-01-15"]), ("2", &["2021-06-01"])]), Unverifiable, "Every employee sampled (2) has a single employment row starting on their start date, so there is no history to show either way."),
        (Probe::WorkHistory, page(&[("9", &["2024-01-01"])]), Unverifiable, "Every employee sampled (1) has a single work row starting on their start date, so there is no history to show either way."),
        (Probe::WorkHistory, page(&[("1", &[])]), Unverifiable, "Every employee sampled (1) has a single work row starting on their start date, so there is no history to show either way."),
        // More pages follow: employee 2's single row may be the first of several, so only employee 1 counts.
        (Probe::WorkHistory, more_pages(page(&[("1", &["2020-01-15"]), ("2", &["2023-01-01"])])), Unverifiable, "Every employee sampled (1) has a single work row starting on their start date, so there is no history to show either way."),
        (Probe::WorkHistory, more_pages(page(&[("2", &["2023-01-01"]), ("1", &["2020-01-15"])])), Missing, "Only the current work row came back, and for 1 of 1 employee sampled it starts after their start date: the earlier rows are withheld."),
    ];
    for (probe, answer, status, evidence) in rows {
        let seen = format!("{probe:?} answered {answer}");
        let answers = Answers {
            probes: HashMap::from([(probe, ok(answer))]),
            ..Answers::people(vec![
                json!({"id": "1", "work": {"startDate": "2020-01-15"}}),
                json!({"id": "2", "work": {"startDate": "2021-06-01"}}),
            ])
        };
        answers.assert_judged(Verify::Endpoint(probe), status, evidence, &seen);
    }
}

#[test]
fn documents_are_granted_per_folder_only_when_hibob_names_the_folder() {
    let documents = |folders: &[Option<&str>]| {
        let list: Vec<Value> = folders
            .iter()
            .map(|folder| match folder {
                Some(folder) => json!({"name": "Contract.pdf", "folder": folder}),
                None => json!({"name": "Contract.pdf"}),
            })
            .collect();
        ok(json!({"documents": list}))
    };
    // (HiBob's answer per sampled employee) → (judgement, evidence), for the folder
    // "confidential" in the section Confidential.
    #[rustfmt::skip]
    let rows = [
        (vec![], Unverifiable, NOBODY),
        (vec![documents(&[Some("Confidential")]), forbidden("GET /docs/people/{id}")], Missing, "HiBob answered 403 Forbidden to GET /docs/people/{id}."),
        (vec![documents(&[Some("Confidential"), Some("Shared")]), documents(&[Some("confidential (HR)")])], Granted, "2 documents from Confidential came back for the sample of 2 employees."),
        (vec![documents(&[None, None])], Unverifiable, "HiBob returned documents without saying which folder they are in."),
        (vec![documents(&[Some("Shared")]), documents(&[])], Unverifiable, "No document from Confidential came back for the sample of 2 employees; they may have none there."),
        (vec![documents(&[Some("Shared"), None])], Unverifiable, "No document from Confidential came back for the sample of 1 employee; they may have none there."),
        (vec![documents(&[])], Unverifiable, "No document from Confidential came back for the sample of 1 employee; they may have none there."),
        (vec![Err(HibobError::Server { status: 503 })], Unverifiable, "No document from Confidential came back for the sample of 1 employee; they may have none there."),
    ];
    for (answers, status, evidence) in rows {
        let seen = format!("{answers:?}");
        let answers = Answers {
            documents: answers,
            ..Answers::people(vec![json!({"id": "1"}), json!({"id": "2"})])
        };
        answers.assert_judged(
            Verify::Documents("confidential".into()),
            status,
            evidence,
            &seen,
        );
    }
}

#[test]
fn a_check_says_why_it_cannot_be_verified_and_asks_to_confirm_in_hibob() {
    let answers = Answers::people(vec![json!({"id": "1", "work": {"title": "Engineer"}})]);
    let unverifiable = permission(Verify::Unverifiable(
        "HiBob shows this only in its own screens.".into(),
    ));
    let check = answers.with_evidence(|e| e.check(&unverifiable, "To show job titles."));
    assert_eq!(check.status, Unverifiable);
    assert_eq!(check.evidence, "HiBob shows this only in its own screens.");
    assert_eq!(
        check.fix,
        format!(
            "Confirm in HiBob that “View selected employees' Work sections” is ticked. {}",
            unverifiable.fix()
        )
    );
    assert_eq!(check.why, "To show job titles.");
    assert_eq!(
        (check.permission.as_str(), check.section.as_str()),
        ("test", "Work")
    );

    let seen = permission(Verify::Fields("work".into()));
    let check = answers.with_evidence(|e| e.check(&seen, "To show job titles."));
    assert_eq!(check.status, Granted);
    assert_eq!(
        check.fix,
        seen.fix(),
        "nothing to confirm once HiBob showed it"
    );
    assert_eq!(check.fix_step, seen.fix_step());
}

#[test]
fn data_quality_tells_missing_data_from_withheld_sections_and_unknown_fields() {
    let profile = Profile::from_toml(
        r#"
id = "quality"
name = "Quality"
description = "d"
permissions = []
[[mapping]]
target = "job_title"
source = "work.title"
kind = "text"
required = true
[[mapping]]
target = "site"
source = "work.site"
kind = "text"
[[mapping]]
target = "email"
source = "root.email"
kind = "email"
required = true
[[mapping]]
target = "cost_centre"
source = "work.custom.field_1"
kind = "text"
"#,
        "test",
        &crate::catalog::Catalog::builtin().unwrap(),
    )
    .unwrap();
    let answers = Answers::people(vec![
        json!({"id": "1", "work": {"title": "Engineer", "site": null}}),
        json!({"id": "2", "work": {"title": null}}),
    ]);
    assert_eq!(
        answers.with_evidence(|e| e.data_quality(&profile)),
        [
            // Empty for some but required: data.
            "work.title (job_title) is empty for 1 of 2 employees. That is missing data in HiBob, not a missing \
             permission.",
            // Optional and empty for everyone, in a company not known to withhold fields one by
            // one: nothing worth a note.
            "root.email (email) came back for no employee: the Basic info section is withheld from the service \
             user.",
            "The field work.custom.field_1 (for cost_centre) does not exist in this company's HiBob; check the \
             profile.",
        ]
    );
    // In a company that withholds fields one by one, empty for everyone proves nothing.
    let field_level = Answers {
        restricted: vec![RestrictedField {
            field_id: "work.department".into(),
            table: Table::Work,
            access: FieldAccess::ViewHistory,
        }],
        ..Answers::people(vec![
            json!({"id": "1", "work": {"title": "Engineer", "site": null}}),
            json!({"id": "2", "work": {"title": "Designer"}}),
        ])
    };
    assert!(field_level
        .with_evidence(|e| e.data_quality(&profile))
        .contains(
            &"work.site (site) is empty for all 2 employees: either nobody has it filled in, or a field permission \
              withholds it."
                .to_string()
        ));
    // With nobody visible, only the profile's own mistakes can be told.
    assert_eq!(
        Answers::default().with_evidence(|e| e.data_quality(&profile)),
        ["The field work.custom.field_1 (for cost_centre) does not exist in this company's HiBob; check the \
          profile."]
    );
}
