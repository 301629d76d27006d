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
    /// Several items of a list: a JSON array, `[]` when none (as a real tenant sends).
    MultiList,
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
            Kind::MultiList => "multi-list",
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
pub(crate) enum Attribute {
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
    pub(crate) attribute: Attribute,
    /// Custom fields are never part of the default search field set.
    pub(crate) custom: bool,
}

// A positional constructor keeps the catalogue below readable as a table.
#[allow(clippy::too_many_arguments)]
const fn field(
    id: &'static str,
    name: &'static str,
    category: Category,
    json_path: &'static str,
    kind: Kind,
    historical: bool,
    description: &'static str,
    attribute: Attribute,
) -> FieldDef {
    FieldDef {
        id,
        name,
        category,
        json_path,
        kind,
        historical,
        description,
        attribute,
        custom: false,
    }
}

impl FieldDef {
    /// The same field as a custom one (never in the default search field set).
    const fn custom(self) -> FieldDef {
        FieldDef {
            custom: true,
            ..self
        }
    }
}

#[rustfmt::skip]
pub(crate) const FIELDS: &[FieldDef] = &[
    //    id                                   name                       category                    JSON path                            kind                            hist.   description                                  attribute
    field("root.id",                           "Employee ID",             Category::Root,             "id",                                Kind::Text,                     false,  "Backend id of the employee",                Attribute::Id),
    field("root.firstName",                    "First name",              Category::Root,             "firstName",                         Kind::Text,                     false,  "Given name",                                Attribute::FirstName),
    field("root.surname",                      "Last name",               Category::Root,             "surname",                           Kind::Text,                     false,  "Family name",                               Attribute::Surname),
    field("root.secondName",                   "Middle name",             Category::Root,             "secondName",                        Kind::Text,                     false,  "Middle name, often empty",                  Attribute::SecondName),
    field("root.displayName",                  "Display name",            Category::Root,             "displayName",                       Kind::Text,                     false,  "Name shown across Bob",                     Attribute::DisplayName),
    field("root.fullName",                     "Full name",               Category::Root,             "fullName",                          Kind::Text,                     false,  "First and last name",                       Attribute::FullName),
    field("root.email",                        "Email",                   Category::Root,             "email",                             Kind::Text,                     false,  "Work email address",                        Attribute::Email),
    field("root.avatarUrl",                    "Avatar",                  Category::Root,             "avatarUrl",                         Kind::Text,                     false,  "Profile picture link",                      Attribute::AvatarUrl),
    field("root.creationDateTime",             "Created at",              Category::Root,             "creationDateTime",                  Kind::Timestamp,                false,  "When the profile was created",              Attribute::CreationDateTime),
    field("root.state",                        "State",                   Category::UserData,         "state",                             Kind::Text,                     false,  "Whether the user can log in",               Attribute::State),
    field("root.creationDate",                 "Creation date",           Category::UserData,         "creationDate",                      Kind::Date,                     false,  "Profile creation date",                     Attribute::CreationDate),
    field("work.title",                        "Job title",               Category::Work,             "work.title",                        Kind::List("title"),            true,   "Current job title",                         Attribute::Title),
    field("work.department",                   "Department",              Category::Work,             "work.department",                   Kind::List("department"),       true,   "Current department",                        Attribute::Department),
    field("work.site",                         "Site",                    Category::Work,             "work.site",                         Kind::Text,                     true,   "Name of the work site",                     Attribute::Site),
    field("work.siteId",                       "Site ID",                 Category::Work,             "work.siteId",                       Kind::ListId("site"),           true,   "Numeric id of the work site",               Attribute::SiteId),
    field("work.startDate",                    "Start date",              Category::Work,             "work.startDate",                    Kind::Date,                     false,  "First day of the current employment",       Attribute::StartDate),
    field("work.originalStartDate",            "Original start date",     Category::Work,             "work.originalStartDate",            Kind::Date,                     false,  "First day ever, before any rehire",         Attribute::OriginalStartDate),
    field("work.employeeIdInCompany",          "Employee number",         Category::Work,             "work.employeeIdInCompany",          Kind::Number,                   false,  "Company-assigned number",                   Attribute::EmployeeIdInCompany),
    field("work.reportsTo",                    "Reports to",              Category::Work,             "work.reportsTo",                    Kind::EmployeeRef,              true,   "Direct manager",                            Attribute::ReportsTo),
    field("work.isManager",                    "Is manager",              Category::Work,             "work.isManager",                    Kind::Boolean,                  false,  "Has direct reports",                        Attribute::IsManager),
    field("work.custom.field_1700000001",      "Cost centre",             Category::Work,             "work.custom.field_1700000001",      Kind::Text,                     false,  "Custom field: finance cost centre",         Attribute::CostCentre).custom(),
    field("work.workPhone",                    "Work phone",              Category::WorkContact,      "work.workPhone",                    Kind::Text,                     false,  "Office phone",                              Attribute::WorkPhone),
    field("work.workMobile",                   "Work mobile",             Category::WorkContact,      "work.workMobile",                   Kind::Text,                     false,  "Company mobile",                            Attribute::WorkMobile),
    field("internal.status",                   "Status",                  Category::Lifecycle,        "internal.status",                   Kind::List("status"),           true,   "Access status: Active or Inactive",         Attribute::Status),
    field("internal.lifecycleStatus",          "Lifecycle status",        Category::Lifecycle,        "internal.lifecycleStatus",          Kind::List("lifecycleStatus"),  true,   "HR lifecycle stage",                        Attribute::LifecycleStatus),
    field("internal.terminationDate",          "Termination date",        Category::Lifecycle,        "internal.terminationDate",          Kind::Date,                     false,  "Employment end date",                       Attribute::TerminationDate),
    field("internal.terminationReason",        "Termination reason",      Category::Lifecycle,        "internal.terminationReason",        Kind::Text,                     false,  "Why employment ended",                      Attribute::TerminationReason),
    field("employee.lastDayOfWork",            "Last day of work",        Category::Lifecycle,        "employee.lastDayOfWork",            Kind::Date,                     false,  "Last working day",                          Attribute::LastDayOfWork),
    field("payroll.employment.contract",       "Contract",                Category::Employment,       "payroll.employment.contract",       Kind::Text,                     true,   "Full or part time",                         Attribute::Contract),
    field("payroll.employment.type",           "Employment type",         Category::Employment,       "payroll.employment.type",           Kind::Text,                     true,   "Permanent, fixed term or contractor",       Attribute::EmploymentType),
    field("payroll.employment.fte",            "FTE",                     Category::Employment,       "payroll.employment.fte",            Kind::Number,                   true,   "Full-time equivalent",                      Attribute::Fte),
    field("payroll.employment.weeklyHours",    "Weekly hours",            Category::Employment,       "payroll.employment.weeklyHours",    Kind::Number,                   true,   "Contracted hours per week",                 Attribute::WeeklyHours),
    field("payroll.employment.salaryPayType",  "Salary pay type",         Category::Employment,       "payroll.employment.salaryPayType",  Kind::Text,                     true,   "Salaried or hourly",                        Attribute::SalaryPayType),
    field("payroll.salary.payment",            "Base salary",             Category::Payroll,          "payroll.salary.payment",            Kind::Currency,                 true,   "Current base pay",                          Attribute::SalaryPayment),
    field("payroll.salary.payPeriod",          "Pay period",              Category::Payroll,          "payroll.salary.payPeriod",          Kind::Text,                     true,   "Period the base pay refers to",             Attribute::PayPeriod),
    field("payroll.salary.payFrequency",       "Pay frequency",           Category::Payroll,          "payroll.salary.payFrequency",       Kind::Text,                     true,   "How often pay is issued",                   Attribute::PayFrequency),
    field("personal.birthDate",                "Date of birth",           Category::Personal,         "personal.birthDate",                Kind::Date,                     false,  "Full date of birth (needs View and Edit)",  Attribute::BirthDate),
    field("personal.shortBirthDate",           "Birthday",                Category::Personal,         "personal.shortBirthDate",           Kind::Text,                     false,  "Day and month of birth (MM-DD)",            Attribute::ShortBirthDate),
    field("personal.age",                      "Age",                     Category::Personal,         "personal.age",                      Kind::Number,                   false,  "Age in years (needs View and Edit)",        Attribute::Age),
    field("personal.nationality",              "Nationality",             Category::Personal,         "personal.nationality",              Kind::MultiList,                     false,  "Nationality",                               Attribute::Nationality),
    field("personal.pronouns",                 "Pronouns",                Category::Personal,         "personal.pronouns",                 Kind::Text,                     false,  "Preferred pronouns",                        Attribute::Pronouns),
    field("home.privateEmail",                 "Personal email",          Category::PersonalContact,  "home.privateEmail",                 Kind::Text,                     false,  "Private email address",                     Attribute::PrivateEmail),
    field("home.privatePhone",                 "Personal phone",          Category::PersonalContact,  "home.privatePhone",                 Kind::Text,                     false,  "Private landline",                          Attribute::PrivatePhone),
    field("home.mobilePhone",                  "Personal mobile",         Category::PersonalContact,  "home.mobilePhone",                  Kind::Text,                     false,  "Private mobile",                            Attribute::MobilePhone),
    field("home.legalGender",                  "Legal gender",            Category::Home,             "home.legalGender",                  Kind::Text,                     false,  "Legal gender",                              Attribute::LegalGender),
    field("home.familyStatus",                 "Marital status",          Category::Home,             "home.familyStatus",                 Kind::Text,                     false,  "Family status",                             Attribute::FamilyStatus),
    field("address.line1",                     "Address line 1",          Category::Address,          "address.line1",                     Kind::Text,                     true,   "Street and number",                         Attribute::AddressLine1),
    field("address.city",                      "City",                    Category::Address,          "address.city",                      Kind::Text,                     true,   "Home city",                                 Attribute::AddressCity),
    field("address.postCode",                  "Post code",               Category::Address,          "address.postCode",                  Kind::Text,                     true,   "Postal code",                               Attribute::AddressPostCode),
    field("address.country",                   "Country",                 Category::Address,          "address.country",                   Kind::Text,                     true,   "Home country",                              Attribute::AddressCountry),
    field("identification.ssn",                "Social security number",  Category::Identification,   "identification.ssn",                Kind::Text,                     false,  "National insurance / SSN",                  Attribute::Ssn),
    field("financial.bankName",                "Bank name",               Category::Financial,        "financial.bankName",                Kind::Text,                     false,  "Salary bank",                               Attribute::BankName),
    field("financial.iban",                    "IBAN",                    Category::Financial,        "financial.iban",                    Kind::Text,                     false,  "International bank account number",         Attribute::Iban),
    field("financial.accountNumber",           "Account number",          Category::Financial,        "financial.accountNumber",           Kind::Text,                     false,  "Masked account number",                     Attribute::AccountNumber),
    field("eeo.ethnicity",                     "Ethnicity",               Category::Eeo,              "eeo.ethnicity",                     Kind::Text,                     false,  "Self-reported ethnicity",                   Attribute::Ethnicity),
    field("eeo.jobCategory",                   "EEO job category",        Category::Eeo,              "eeo.jobCategory",                   Kind::Text,                     false,  "EEO-1 job category",                        Attribute::JobCategory),
    field("about.about",                       "About",                   Category::About,            "about.about",                       Kind::Text,                     false,  "A few words about the employee",            Attribute::About),
    field("about.hobbies",                     "Hobbies",                 Category::About,            "about.hobbies",                     Kind::MultiList,                     false,  "Hobbies",                                   Attribute::Hobbies),
    field("about.custom.field_1700000002",     "T-shirt size",            Category::About,            "about.custom.field_1700000002",     Kind::Text,                     false,  "Custom field: swag size",                   Attribute::TshirtSize).custom(),
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
pub(crate) enum Out<'a> {
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
    /// Items of a multi-value list.
    Items(Vec<&'a str>),
}

pub(crate) fn site_id(site: u8) -> u32 {
    2_201_001 + u32::from(site) * 13
}

pub(crate) fn value<'a>(company: &'a Company, idx: usize, attribute: Attribute) -> Out<'a> {
    let e: &'a Employee = &company.employees[idx];
    let opt = |s: &'a Option<String>| s.as_deref().map_or(Out::Null, Out::Str);
    let opt_static = |s: Option<&'a str>| s.map_or(Out::Null, Out::Str);
    match attribute {
        Attribute::Id => Out::Str(&e.id),
        Attribute::FirstName => Out::Str(&e.first_name),
        Attribute::Surname => Out::Str(&e.surname),
        Attribute::SecondName => opt_static(e.second_name),
        Attribute::DisplayName | Attribute::FullName => Out::Str(&e.display_name),
        Attribute::Email => opt(&e.email),
        Attribute::AvatarUrl => Out::Null,
        Attribute::CreationDateTime => {
            let mut s = String::with_capacity(24);
            dates::push_iso(&mut s, e.creation_day);
            let t = e.creation_secs_of_day;
            s.push_str(&format!(
                "T{:02}:{:02}:{:02}.000Z",
                t / 3600,
                t / 60 % 60,
                t % 60
            ));
            Out::Owned(s)
        }
        Attribute::State => Out::Str(if e.active { "active" } else { "inactive" }),
        Attribute::CreationDate => Out::Date(e.creation_day),
        Attribute::Title => company
            .titles
            .get(usize::from(e.title))
            .map_or(Out::Null, |t| Out::Item(&t.id, &t.name)),
        Attribute::Department => e
            .department
            .and_then(|d| company.departments.get(usize::from(d)))
            .map_or(Out::Null, |d| Out::Item(&d.id, &d.name)),
        Attribute::Site => e
            .site
            .and_then(|s| SITES.get(usize::from(s)))
            .map_or(Out::Null, |s| Out::Str(s.name)),
        Attribute::SiteId => e.site.map_or(Out::Null, |s| {
            Out::SiteId(site_id(s), SITES.get(usize::from(s)).map_or("", |d| d.name))
        }),
        Attribute::StartDate | Attribute::OriginalStartDate => Out::Date(e.start_date),
        Attribute::EmployeeIdInCompany => Out::Int(i64::from(e.employee_number)),
        Attribute::ReportsTo => e.manager.map_or(Out::Null, |m| Out::Employee(m as usize)),
        Attribute::IsManager => Out::Bool(company.reports.get(idx).is_some_and(|&r| r > 0)),
        Attribute::CostCentre => Out::Str(&e.cost_centre),
        Attribute::WorkPhone => Out::Str(&e.work_phone),
        Attribute::WorkMobile => opt(&e.work_mobile),
        Attribute::Status => {
            let s = if e.active { "Active" } else { "Inactive" };
            Out::Item(s, s)
        }
        // The machine value casing of lifecycleStatus is uncertain per the reference;
        // the sim uses lowercase snake_case ids and the UI label as display name.
        Attribute::LifecycleStatus => {
            Out::Item(e.lifecycle.machine_id(), e.lifecycle.display_name())
        }
        Attribute::TerminationDate => e.termination_date.map_or(Out::Null, Out::Date),
        Attribute::TerminationReason => opt_static(e.termination_reason),
        Attribute::LastDayOfWork => e.last_day_of_work.map_or(Out::Null, Out::Date),
        Attribute::Contract => e
            .current_employment()
            .map_or(Out::Null, |r| Out::Str(r.contract)),
        Attribute::EmploymentType => e
            .current_employment()
            .map_or(Out::Null, |r| Out::Str(r.kind)),
        Attribute::Fte => e
            .current_employment()
            .map_or(Out::Null, |r| Out::Float(r.fte)),
        Attribute::WeeklyHours => e
            .current_employment()
            .map_or(Out::Null, |r| Out::Int(i64::from(r.weekly_hours))),
        Attribute::SalaryPayType => e
            .current_employment()
            .map_or(Out::Null, |r| Out::Str(r.pay_type)),
        Attribute::SalaryPayment => e
            .current_salary()
            .map_or(Out::Null, |r| Out::Money(r.value, e.currency)),
        Attribute::PayPeriod => e
            .current_salary()
            .map_or(Out::Null, |r| Out::Str(r.pay_period)),
        Attribute::PayFrequency => e
            .current_salary()
            .map_or(Out::Null, |r| Out::Str(r.pay_frequency)),
        Attribute::BirthDate => Out::Date(e.birth_date),
        Attribute::ShortBirthDate => {
            let iso = dates::iso(e.birth_date);
            Out::Owned(iso.get(5..).unwrap_or_default().to_owned())
        }
        Attribute::Age => Out::Int(dates::years_between(e.birth_date, company.today)),
        Attribute::Nationality => Out::Items(vec![e.nationality]),
        Attribute::Pronouns => opt_static(e.pronouns),
        Attribute::PrivateEmail => opt(&e.private_email),
        Attribute::PrivatePhone => Out::Null,
        Attribute::MobilePhone => Out::Str(&e.mobile_phone),
        Attribute::LegalGender => Out::Str(e.legal_gender),
        Attribute::FamilyStatus => opt_static(e.family_status),
        Attribute::AddressLine1 => Out::Str(&e.address_line1),
        Attribute::AddressCity => Out::Str(e.city),
        Attribute::AddressPostCode => Out::Str(&e.post_code),
        Attribute::AddressCountry => Out::Str(e.country),
        Attribute::Ssn => Out::Str(&e.ssn),
        Attribute::BankName => Out::Str(e.bank_name),
        Attribute::Iban => Out::Str(&e.iban),
        Attribute::AccountNumber => Out::Owned(masked_account(e.account_last4)),
        Attribute::Ethnicity => opt_static(e.ethnicity),
        Attribute::JobCategory => Out::Str(e.job_category),
        Attribute::About => Out::Str(&e.about),
        Attribute::Hobbies => Out::Items(
            e.hobbies
                .as_deref()
                .map(|h| h.split(", ").collect())
                .unwrap_or_default(),
        ),
        Attribute::TshirtSize => opt_static(e.tshirt),
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
