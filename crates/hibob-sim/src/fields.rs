//! The employee field catalogue (what `GET /company/people/fields` lists) and
//! how each field's value is read from a generated employee.

use crate::company::{Company, Employee};
use crate::dates;
use crate::names::SITES;
use crate::permissions::Category;

/// Value type as reported in field metadata (`type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Date,
    Number,
    Boolean,
    /// A named-list item; machine value is the item id.
    List(&'static str),
    /// Numeric id of a list item (`work.siteId`).
    ListId(&'static str),
    EmployeeRef,
    Currency,
    Timestamp,
}

impl Kind {
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Date => "date",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::List(_) => "list",
            Kind::ListId(_) => "list_id",
            Kind::EmployeeRef => "employee-reference",
            Kind::Currency => "currency",
            Kind::Timestamp => "timestamp",
        }
    }

    pub(crate) fn list_id(self) -> Option<&'static str> {
        match self {
            Kind::List(l) | Kind::ListId(l) => Some(l),
            _ => None,
        }
    }
}

/// Which employee attribute a field reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum F {
    Id,
    FirstName,
    Surname,
    SecondName,
    DisplayName,
    FullName,
    Email,
    AvatarUrl,
    CreationDateTime,
    State,
    CreationDate,
    Title,
    Department,
    Site,
    SiteId,
    StartDate,
    OriginalStartDate,
    EmployeeIdInCompany,
    ReportsTo,
    IsManager,
    CostCentre,
    WorkPhone,
    WorkMobile,
    Status,
    LifecycleStatus,
    TerminationDate,
    TerminationReason,
    LastDayOfWork,
    Contract,
    EmploymentType,
    Fte,
    WeeklyHours,
    SalaryPayType,
    SalaryPayment,
    PayPeriod,
    PayFrequency,
    BirthDate,
    ShortBirthDate,
    Age,
    Nationality,
    Pronouns,
    PrivateEmail,
    PrivatePhone,
    MobilePhone,
    LegalGender,
    FamilyStatus,
    AddressLine1,
    AddressCity,
    AddressPostCode,
    AddressCountry,
    Ssn,
    BankName,
    Iban,
    AccountNumber,
    Ethnicity,
    JobCategory,
    About,
    Hobbies,
    TshirtSize,
}

pub(crate) struct FieldDef {
    /// Dot id used in requests, e.g. `work.title`.
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) category: Category,
    /// Where the value sits in the nested response object.
    pub(crate) json_path: &'static str,
    pub(crate) kind: Kind,
    pub(crate) historical: bool,
    pub(crate) description: &'static str,
    pub(crate) key: F,
    /// Custom fields are never part of the default search field set.
    pub(crate) custom: bool,
}

// A positional constructor keeps the catalogue below readable as a table.
#[allow(clippy::too_many_arguments)]
const fn fd(
    id: &'static str,
    name: &'static str,
    category: Category,
    json_path: &'static str,
    kind: Kind,
    historical: bool,
    description: &'static str,
    key: F,
) -> FieldDef {
    FieldDef {
        id,
        name,
        category,
        json_path,
        kind,
        historical,
        description,
        key,
        custom: false,
    }
}

use Category as C;

pub(crate) const FIELDS: &[FieldDef] = &[
    fd(
        "root.id",
        "Employee ID",
        C::Root,
        "id",
        Kind::Text,
        false,
        "Backend id of the employee",
        F::Id,
    ),
    fd(
        "root.firstName",
        "First name",
        C::Root,
        "firstName",
        Kind::Text,
        false,
        "Given name",
        F::FirstName,
    ),
    fd(
        "root.surname",
        "Last name",
        C::Root,
        "surname",
        Kind::Text,
        false,
        "Family name",
        F::Surname,
    ),
    fd(
        "root.secondName",
        "Middle name",
        C::Root,
        "secondName",
        Kind::Text,
        false,
        "Middle name, often empty",
        F::SecondName,
    ),
    fd(
        "root.displayName",
        "Display name",
        C::Root,
        "displayName",
        Kind::Text,
        false,
        "Name shown across Bob",
        F::DisplayName,
    ),
    fd(
        "root.fullName",
        "Full name",
        C::Root,
        "fullName",
        Kind::Text,
        false,
        "First and last name",
        F::FullName,
    ),
    fd(
        "root.email",
        "Email",
        C::Root,
        "email",
        Kind::Text,
        false,
        "Work email address",
        F::Email,
    ),
    fd(
        "root.avatarUrl",
        "Avatar",
        C::Root,
        "avatarUrl",
        Kind::Text,
        false,
        "Profile picture link",
        F::AvatarUrl,
    ),
    fd(
        "root.creationDateTime",
        "Created at",
        C::Root,
        "creationDateTime",
        Kind::Timestamp,
        false,
        "When the profile was created",
        F::CreationDateTime,
    ),
    fd(
        "root.state",
        "State",
        C::UserData,
        "state",
        Kind::Text,
        false,
        "Whether the user can log in",
        F::State,
    ),
    fd(
        "root.creationDate",
        "Creation date",
        C::UserData,
        "creationDate",
        Kind::Date,
        false,
        "Profile creation date",
        F::CreationDate,
    ),
    fd(
        "work.title",
        "Job title",
        C::Work,
        "work.title",
        Kind::List("title"),
        true,
        "Current job title",
        F::Title,
    ),
    fd(
        "work.department",
        "Department",
        C::Work,
        "work.department",
        Kind::List("department"),
        true,
        "Current department",
        F::Department,
    ),
    fd(
        "work.site",
        "Site",
        C::Work,
        "work.site",
        Kind::Text,
        true,
        "Name of the work site",
        F::Site,
    ),
    fd(
        "work.siteId",
        "Site ID",
        C::Work,
        "work.siteId",
        Kind::ListId("site"),
        true,
        "Numeric id of the work site",
        F::SiteId,
    ),
    fd(
        "work.startDate",
        "Start date",
        C::Work,
        "work.startDate",
        Kind::Date,
        false,
        "First day of the current employment",
        F::StartDate,
    ),
    fd(
        "work.originalStartDate",
        "Original start date",
        C::Work,
        "work.originalStartDate",
        Kind::Date,
        false,
        "First day ever, before any rehire",
        F::OriginalStartDate,
    ),
    fd(
        "work.employeeIdInCompany",
        "Employee number",
        C::Work,
        "work.employeeIdInCompany",
        Kind::Number,
        false,
        "Company-assigned number",
        F::EmployeeIdInCompany,
    ),
    fd(
        "work.reportsTo",
        "Reports to",
        C::Work,
        "work.reportsTo",
        Kind::EmployeeRef,
        true,
        "Direct manager",
        F::ReportsTo,
    ),
    fd(
        "work.isManager",
        "Is manager",
        C::Work,
        "work.isManager",
        Kind::Boolean,
        false,
        "Has direct reports",
        F::IsManager,
    ),
    FieldDef {
        custom: true,
        ..fd(
            "work.custom.field_1700000001",
            "Cost centre",
            C::Work,
            "work.custom.field_1700000001",
            Kind::Text,
            false,
            "Custom field: finance cost centre",
            F::CostCentre,
        )
    },
    fd(
        "work.workPhone",
        "Work phone",
        C::WorkContact,
        "work.workPhone",
        Kind::Text,
        false,
        "Office phone",
        F::WorkPhone,
    ),
    fd(
        "work.workMobile",
        "Work mobile",
        C::WorkContact,
        "work.workMobile",
        Kind::Text,
        false,
        "Company mobile",
        F::WorkMobile,
    ),
    fd(
        "internal.status",
        "Status",
        C::Lifecycle,
        "internal.status",
        Kind::List("status"),
        true,
        "Access status: Active or Inactive",
        F::Status,
    ),
    fd(
        "internal.lifecycleStatus",
        "Lifecycle status",
        C::Lifecycle,
        "internal.lifecycleStatus",
        Kind::List("lifecycleStatus"),
        true,
        "HR lifecycle stage",
        F::LifecycleStatus,
    ),
    fd(
        "internal.terminationDate",
        "Termination date",
        C::Lifecycle,
        "internal.terminationDate",
        Kind::Date,
        false,
        "Employment end date",
        F::TerminationDate,
    ),
    fd(
        "internal.terminationReason",
        "Termination reason",
        C::Lifecycle,
        "internal.terminationReason",
        Kind::Text,
        false,
        "Why employment ended",
        F::TerminationReason,
    ),
    fd(
        "employee.lastDayOfWork",
        "Last day of work",
        C::Lifecycle,
        "employee.lastDayOfWork",
        Kind::Date,
        false,
        "Last working day",
        F::LastDayOfWork,
    ),
    fd(
        "payroll.employment.contract",
        "Contract",
        C::Employment,
        "payroll.employment.contract",
        Kind::Text,
        true,
        "Full or part time",
        F::Contract,
    ),
    fd(
        "payroll.employment.type",
        "Employment type",
        C::Employment,
        "payroll.employment.type",
        Kind::Text,
        true,
        "Permanent, fixed term or contractor",
        F::EmploymentType,
    ),
    fd(
        "payroll.employment.fte",
        "FTE",
        C::Employment,
        "payroll.employment.fte",
        Kind::Number,
        true,
        "Full-time equivalent",
        F::Fte,
    ),
    fd(
        "payroll.employment.weeklyHours",
        "Weekly hours",
        C::Employment,
        "payroll.employment.weeklyHours",
        Kind::Number,
        true,
        "Contracted hours per week",
        F::WeeklyHours,
    ),
    fd(
        "payroll.employment.salaryPayType",
        "Salary pay type",
        C::Employment,
        "payroll.employment.salaryPayType",
        Kind::Text,
        true,
        "Salaried or hourly",
        F::SalaryPayType,
    ),
    fd(
        "payroll.salary.payment",
        "Base salary",
        C::Payroll,
        "payroll.salary.payment",
        Kind::Currency,
        true,
        "Current base pay",
        F::SalaryPayment,
    ),
    fd(
        "payroll.salary.payPeriod",
        "Pay period",
        C::Payroll,
        "payroll.salary.payPeriod",
        Kind::Text,
        true,
        "Period the base pay refers to",
        F::PayPeriod,
    ),
    fd(
        "payroll.salary.payFrequency",
        "Pay frequency",
        C::Payroll,
        "payroll.salary.payFrequency",
        Kind::Text,
        true,
        "How often pay is issued",
        F::PayFrequency,
    ),
    fd(
        "personal.birthDate",
        "Date of birth",
        C::Personal,
        "personal.birthDate",
        Kind::Date,
        false,
        "Full date of birth (needs View and Edit)",
        F::BirthDate,
    ),
    fd(
        "personal.shortBirthDate",
        "Birthday",
        C::Personal,
        "personal.shortBirthDate",
        Kind::Text,
        false,
        "Day and month of birth (MM-DD)",
        F::ShortBirthDate,
    ),
    fd(
        "personal.age",
        "Age",
        C::Personal,
        "personal.age",
        Kind::Number,
        false,
        "Age in years (needs View and Edit)",
        F::Age,
    ),
    fd(
        "personal.nationality",
        "Nationality",
        C::Personal,
        "personal.nationality",
        Kind::Text,
        false,
        "Nationality",
        F::Nationality,
    ),
    fd(
        "personal.pronouns",
        "Pronouns",
        C::Personal,
        "personal.pronouns",
        Kind::Text,
        false,
        "Preferred pronouns",
        F::Pronouns,
    ),
    fd(
        "home.privateEmail",
        "Personal email",
        C::PersonalContact,
        "home.privateEmail",
        Kind::Text,
        false,
        "Private email address",
        F::PrivateEmail,
    ),
    fd(
        "home.privatePhone",
        "Personal phone",
        C::PersonalContact,
        "home.privatePhone",
        Kind::Text,
        false,
        "Private landline",
        F::PrivatePhone,
    ),
    fd(
        "home.mobilePhone",
        "Personal mobile",
        C::PersonalContact,
        "home.mobilePhone",
        Kind::Text,
        false,
        "Private mobile",
        F::MobilePhone,
    ),
    fd(
        "home.legalGender",
        "Legal gender",
        C::Home,
        "home.legalGender",
        Kind::Text,
        false,
        "Legal gender",
        F::LegalGender,
    ),
    fd(
        "home.familyStatus",
        "Marital status",
        C::Home,
        "home.familyStatus",
        Kind::Text,
        false,
        "Family status",
        F::FamilyStatus,
    ),
    fd(
        "address.line1",
        "Address line 1",
        C::Address,
        "address.line1",
        Kind::Text,
        true,
        "Street and number",
        F::AddressLine1,
    ),
    fd(
        "address.city",
        "City",
        C::Address,
        "address.city",
        Kind::Text,
        true,
        "Home city",
        F::AddressCity,
    ),
    fd(
        "address.postCode",
        "Post code",
        C::Address,
        "address.postCode",
        Kind::Text,
        true,
        "Postal code",
        F::AddressPostCode,
    ),
    fd(
        "address.country",
        "Country",
        C::Address,
        "address.country",
        Kind::Text,
        true,
        "Home country",
        F::AddressCountry,
    ),
    fd(
        "identification.ssn",
        "Social security number",
        C::Identification,
        "identification.ssn",
        Kind::Text,
        false,
        "National insurance / SSN",
        F::Ssn,
    ),
    fd(
        "financial.bankName",
        "Bank name",
        C::Financial,
        "financial.bankName",
        Kind::Text,
        false,
        "Salary bank",
        F::BankName,
    ),
    fd(
        "financial.iban",
        "IBAN",
        C::Financial,
        "financial.iban",
        Kind::Text,
        false,
        "International bank account number",
        F::Iban,
    ),
    fd(
        "financial.accountNumber",
        "Account number",
        C::Financial,
        "financial.accountNumber",
        Kind::Text,
        false,
        "Masked account number",
        F::AccountNumber,
    ),
    fd(
        "eeo.ethnicity",
        "Ethnicity",
        C::Eeo,
        "eeo.ethnicity",
        Kind::Text,
        false,
        "Self-reported ethnicity",
        F::Ethnicity,
    ),
    fd(
        "eeo.jobCategory",
        "EEO job category",
        C::Eeo,
        "eeo.jobCategory",
        Kind::Text,
        false,
        "EEO-1 job category",
        F::JobCategory,
    ),
    fd(
        "about.about",
        "About",
        C::About,
        "about.about",
        Kind::Text,
        false,
        "A few words about the employee",
        F::About,
    ),
    fd(
        "about.hobbies",
        "Hobbies",
        C::About,
        "about.hobbies",
        Kind::Text,
        false,
        "Hobbies",
        F::Hobbies,
    ),
    FieldDef {
        custom: true,
        ..fd(
            "about.custom.field_1700000002",
            "T-shirt size",
            C::About,
            "about.custom.field_1700000002",
            Kind::Text,
            false,
            "Custom field: swag size",
            F::TshirtSize,
        )
    },
];

pub(crate) fn find(id: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.id == id)
}

/// Fields returned when a search names no `fields`: Basic info, About, Employment and Work,
/// never custom fields.
pub(crate) fn default_set() -> impl Iterator<Item = &'static FieldDef> {
    FIELDS.iter().filter(|f| {
        !f.custom
            && matches!(
                f.category,
                Category::Root | Category::About | Category::Employment | Category::Work
            )
    })
}

/// A field value, borrowed from the company where possible so serialising
/// 100k employees does not allocate per field.
pub(crate) enum Val<'a> {
    Null,
    Str(&'a str),
    Owned(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(i32),
    /// Named-list item: machine id and display name.
    Item(&'a str, &'a str),
    SiteId(u32, &'a str),
    Employee(usize),
    Money(u32, &'a str),
}

pub(crate) fn site_id(site: u8) -> u32 {
    2_201_001 + u32::from(site) * 13
}

pub(crate) fn value<'a>(company: &'a Company, idx: usize, f: F) -> Val<'a> {
    let e: &'a Employee = &company.employees[idx];
    let opt = |s: &'a Option<String>| s.as_deref().map_or(Val::Null, Val::Str);
    let opt_static = |s: Option<&'a str>| s.map_or(Val::Null, Val::Str);
    match f {
        F::Id => Val::Str(&e.id),
        F::FirstName => Val::Str(&e.first_name),
        F::Surname => Val::Str(&e.surname),
        F::SecondName => opt_static(e.second_name),
        F::DisplayName | F::FullName => Val::Str(&e.display_name),
        F::Email => opt(&e.email),
        F::AvatarUrl => Val::Null,
        F::CreationDateTime => {
            let mut s = String::with_capacity(24);
            dates::push_iso(&mut s, e.creation_day);
            let t = e.creation_secs_of_day;
            s.push_str(&format!(
                "T{:02}:{:02}:{:02}.000Z",
                t / 3600,
                t / 60 % 60,
                t % 60
            ));
            Val::Owned(s)
        }
        F::State => Val::Str(if e.active { "active" } else { "inactive" }),
        F::CreationDate => Val::Date(e.creation_day),
        F::Title => company
            .titles
            .get(usize::from(e.title))
            .map_or(Val::Null, |t| Val::Item(&t.id, &t.name)),
        F::Department => e
            .department
            .and_then(|d| company.departments.get(usize::from(d)))
            .map_or(Val::Null, |d| Val::Item(&d.id, &d.name)),
        F::Site => e
            .site
            .and_then(|s| SITES.get(usize::from(s)))
            .map_or(Val::Null, |s| Val::Str(s.name)),
        F::SiteId => e.site.map_or(Val::Null, |s| {
            Val::SiteId(site_id(s), SITES.get(usize::from(s)).map_or("", |d| d.name))
        }),
        F::StartDate | F::OriginalStartDate => Val::Date(e.start_date),
        F::EmployeeIdInCompany => Val::Int(i64::from(e.employee_number)),
        F::ReportsTo => e.manager.map_or(Val::Null, |m| Val::Employee(m as usize)),
        F::IsManager => Val::Bool(company.reports.get(idx).is_some_and(|&r| r > 0)),
        F::CostCentre => Val::Str(&e.cost_centre),
        F::WorkPhone => Val::Str(&e.work_phone),
        F::WorkMobile => opt(&e.work_mobile),
        F::Status => {
            let s = if e.active { "Active" } else { "Inactive" };
            Val::Item(s, s)
        }
        // The machine value casing of lifecycleStatus is uncertain per the reference;
        // the sim uses lowercase snake_case ids and the UI label as display name.
        F::LifecycleStatus => Val::Item(e.lifecycle.machine_id(), e.lifecycle.display_name()),
        F::TerminationDate => e.termination_date.map_or(Val::Null, Val::Date),
        F::TerminationReason => opt_static(e.termination_reason),
        F::LastDayOfWork => e.last_day_of_work.map_or(Val::Null, Val::Date),
        F::Contract => e
            .current_employment()
            .map_or(Val::Null, |r| Val::Str(r.contract)),
        F::EmploymentType => e
            .current_employment()
            .map_or(Val::Null, |r| Val::Str(r.kind)),
        F::Fte => e
            .current_employment()
            .map_or(Val::Null, |r| Val::Float(r.fte)),
        F::WeeklyHours => e
            .current_employment()
            .map_or(Val::Null, |r| Val::Int(i64::from(r.weekly_hours))),
        F::SalaryPayType => e
            .current_employment()
            .map_or(Val::Null, |r| Val::Str(r.pay_type)),
        F::SalaryPayment => e
            .current_salary()
            .map_or(Val::Null, |r| Val::Money(r.value, e.currency)),
        F::PayPeriod => e
            .current_salary()
            .map_or(Val::Null, |r| Val::Str(r.pay_period)),
        F::PayFrequency => e
            .current_salary()
            .map_or(Val::Null, |r| Val::Str(r.pay_frequency)),
        F::BirthDate => Val::Date(e.birth_date),
        F::ShortBirthDate => {
            let iso = dates::iso(e.birth_date);
            Val::Owned(iso.get(5..).unwrap_or_default().to_owned())
        }
        F::Age => Val::Int(dates::years_between(e.birth_date, company.today)),
        F::Nationality => Val::Str(e.nationality),
        F::Pronouns => opt_static(e.pronouns),
        F::PrivateEmail => opt(&e.private_email),
        F::PrivatePhone => Val::Null,
        F::MobilePhone => Val::Str(&e.mobile_phone),
        F::LegalGender => Val::Str(e.legal_gender),
        F::FamilyStatus => opt_static(e.family_status),
        F::AddressLine1 => Val::Str(&e.address_line1),
        F::AddressCity => Val::Str(e.city),
        F::AddressPostCode => Val::Str(&e.post_code),
        F::AddressCountry => Val::Str(e.country),
        F::Ssn => Val::Str(&e.ssn),
        F::BankName => Val::Str(e.bank_name),
        F::Iban => Val::Str(&e.iban),
        F::AccountNumber => Val::Owned(masked_account(e.account_last4)),
        F::Ethnicity => opt_static(e.ethnicity),
        F::JobCategory => Val::Str(e.job_category),
        F::About => Val::Str(&e.about),
        F::Hobbies => opt(&e.hobbies),
        F::TshirtSize => opt_static(e.tshirt),
    }
}

pub(crate) fn masked_account(last4: u32) -> String {
    format!("****{last4:04}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_unique_and_paths_consistent() {
        let mut ids = HashSet::new();
        let mut paths = HashSet::new();
        for f in FIELDS {
            assert!(ids.insert(f.id), "{}", f.id);
            assert!(paths.insert(f.json_path), "{}", f.json_path);
        }
        // No json path may be both a leaf and a parent of another path.
        for a in FIELDS {
            for b in FIELDS {
                assert!(!b.json_path.starts_with(&format!("{}.", a.json_path)));
            }
        }
        assert_eq!(FIELDS.iter().filter(|f| f.custom).count(), 2);
    }
}
