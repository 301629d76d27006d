//! The HiBob endpoints this product calls, with their paths and the permission-relevant grouping.
//! Labels use the path template (`GET /people/{id}/work`) so messages never carry employee IDs.

use url::form_urlencoded;

/// Bulk employee tables (`GET /bulk/people/{table}`): cursor paginated, up to 200 employees a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Work,
    Employment,
    Lifecycle,
    Salaries,
}

impl Table {
    fn segment(self) -> &'static str {
        match self {
            Table::Work => "work",
            Table::Employment => "employment",
            Table::Lifecycle => "lifecycle",
            Table::Salaries => "salaries",
        }
    }
}

/// Largest page HiBob's bulk tables accept (above it: 400).
pub const MAX_BULK_LIMIT: u16 = 200;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// Needs no permission: the cheapest way to validate credentials (docs/hibob-api.md §1.4).
    FieldsMetadata,
    NamedLists,
    NamedList(String),
    PeopleSearch,
    /// Read one employee by backend ID or email.
    PersonRead(String),
    /// One employee's table (`GET /people/{id}/work` …).
    EmployeeTable {
        table: Table,
        employee_id: String,
    },
    BankAccounts(String),
    /// A page of a bulk table.
    BulkTable {
        table: Table,
        limit: u16,
        cursor: Option<String>,
    },
    Documents(String),
    /// `from`/`to` as `YYYY-MM-DD`.
    WhosOut {
        from: String,
        to: String,
    },
    OutToday,
    TimeOffPolicyTypes,
    TimeOffBalance {
        employee_id: String,
        policy_type: String,
        date: String,
    },
    /// Every open task of the people in scope (docs/hibob-api.md §5).
    Tasks,
    /// The company's reports, limited to those whose categories the service user may view.
    CompanyReports,
}

impl Endpoint {
    pub fn method(&self) -> reqwest::Method {
        match self {
            Endpoint::PeopleSearch | Endpoint::PersonRead(_) => reqwest::Method::POST,
            _ => reqwest::Method::GET,
        }
    }

    /// Path and query, relative to the API root (no leading slash).
    pub fn path_and_query(&self) -> String {
        let enc =
            |s: &str| -> String { url::form_urlencoded::byte_serialize(s.as_bytes()).collect() };
        match self {
            Endpoint::FieldsMetadata => "company/people/fields".into(),
            Endpoint::NamedLists => "company/named-lists".into(),
            Endpoint::NamedList(name) => format!("company/named-lists/{}", enc(name)),
            Endpoint::PeopleSearch => "people/search".into(),
            Endpoint::PersonRead(id) => format!("people/{}", enc(id)),
            Endpoint::EmployeeTable { table, employee_id } => {
                format!("people/{}/{}", enc(employee_id), table.segment())
            }
            Endpoint::BankAccounts(id) => format!("people/{}/bank-accounts", enc(id)),
            Endpoint::BulkTable {
                table,
                limit,
                cursor,
            } => {
                let mut query = form_urlencoded::Serializer::new(String::new());
                query.append_pair("limit", &limit.to_string());
                if let Some(cursor) = cursor {
                    query.append_pair("cursor", cursor);
                }
                format!("bulk/people/{}?{}", table.segment(), query.finish())
            }
            Endpoint::Documents(id) => format!("docs/people/{}", enc(id)),
            Endpoint::WhosOut { from, to } => {
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("from", from)
                    .append_pair("to", to)
                    .finish();
                format!("timeoff/whosout?{query}")
            }
            Endpoint::OutToday => "timeoff/outtoday".into(),
            Endpoint::TimeOffPolicyTypes => "timeoff/policy-types".into(),
            Endpoint::TimeOffBalance {
                employee_id,
                policy_type,
                date,
            } => {
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("policyType", policy_type)
                    .append_pair("date", date)
                    .finish();
                format!("timeoff/employees/{}/balance?{query}", enc(employee_id))
            }
            Endpoint::Tasks => "tasks".into(),
            Endpoint::CompanyReports => "company/reports".into(),
        }
    }

    /// `GET /people/{id}/work` style label for messages and logs: no IDs, no query.
    pub fn label(&self) -> String {
        let path = match self {
            Endpoint::FieldsMetadata => "/company/people/fields".to_string(),
            Endpoint::NamedLists => "/company/named-lists".into(),
            Endpoint::NamedList(_) => "/company/named-lists/{name}".into(),
            Endpoint::PeopleSearch => "/people/search".into(),
            Endpoint::PersonRead(_) => "/people/{id}".into(),
            Endpoint::EmployeeTable { table, .. } => format!("/people/{{id}}/{}", table.segment()),
            Endpoint::BankAccounts(_) => "/people/{id}/bank-accounts".into(),
            Endpoint::BulkTable { table, .. } => format!("/bulk/people/{}", table.segment()),
            Endpoint::Documents(_) => "/docs/people/{id}".into(),
            Endpoint::WhosOut { .. } => "/timeoff/whosout".into(),
            Endpoint::OutToday => "/timeoff/outtoday".into(),
            Endpoint::TimeOffPolicyTypes => "/timeoff/policy-types".into(),
            Endpoint::TimeOffBalance { .. } => "/timeoff/employees/{id}/balance".into(),
            Endpoint::Tasks => "/tasks".into(),
            Endpoint::CompanyReports => "/company/reports".into(),
        };
        format!("{} {path}", self.method())
    }

    /// People search returns the whole company in one body (no pagination, docs/hibob-api.md §2.3).
    pub(crate) fn is_bulk_body(&self) -> bool {
        matches!(self, Endpoint::PeopleSearch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_reference_and_escape_ids() {
        assert_eq!(
            Endpoint::EmployeeTable {
                table: Table::Work,
                employee_id: "3001".into()
            }
            .path_and_query(),
            "people/3001/work"
        );
        assert_eq!(
            Endpoint::PersonRead("ada@example.com/x".into()).path_and_query(),
            "people/ada%40example.com%2Fx"
        );
        assert_eq!(
            Endpoint::BulkTable {
                table: Table::Salaries,
                limit: 1,
                cursor: Some("a b&c".into())
            }
            .path_and_query(),
            "bulk/people/salaries?limit=1&cursor=a+b%26c"
        );
    }

    #[test]
    fn tasks_and_reports_are_plain_gets() {
        assert_eq!(Endpoint::Tasks.path_and_query(), "tasks");
        assert_eq!(Endpoint::Tasks.label(), "GET /tasks");
        assert_eq!(Endpoint::CompanyReports.path_and_query(), "company/reports");
        assert_eq!(Endpoint::CompanyReports.label(), "GET /company/reports");
    }

    #[test]
    fn labels_carry_no_employee_ids() {
        let label = Endpoint::BankAccounts("3001000000000000001".into()).label();
        assert_eq!(label, "GET /people/{id}/bank-accounts");
    }
}
