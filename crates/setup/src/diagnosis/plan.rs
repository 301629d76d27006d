//! What to ask HiBob: the people-search fields and the probes a profile's permissions call for,
//! and the endpoint each probe reads.

use std::collections::{BTreeSet, HashMap};

use hibob::{Endpoint, FieldMeta, HibobError, RawResponse, Table, MAX_SEARCH_FIELDS};

use crate::catalog::{Catalog, Probe, Verify, LIFECYCLE_FIELD};
use crate::profile::Profile;

/// Fields requested per category to tell "withheld" from "empty": one empty field proves nothing,
/// several empty fields for every employee are unlikely.
const FIELDS_PER_CATEGORY: usize = 8;
/// Rows requested from bulk tables: enough to see histories without pulling the whole company.
const BULK_SAMPLE: u16 = 50;

/// What a per-employee request was for.
pub(super) enum Asked {
    Probe(Probe),
    Documents,
}

/// What to ask HiBob, derived from the profile, the catalog and the tenant's field metadata.
pub(super) struct Plan {
    pub(super) search_fields: Vec<String>,
    /// Fields requested per category, to judge category visibility.
    pub(super) fields_by_category: HashMap<String, Vec<String>>,
    pub(super) probes: BTreeSet<Probe>,
    pub(super) document_folders: BTreeSet<String>,
    /// The fields the profile maps: what the integration reads.
    pub(super) mapped: BTreeSet<String>,
    /// The history tables the integration reads whole.
    pub(super) history_tables: BTreeSet<Table>,
    /// Tables read (one sample page each) because the searched fields are columns of them: a
    /// company with field-level permissions names the withheld columns only in table answers
    /// (docs/hibob-api.md §9.4–9.5).
    pub(super) field_tables: BTreeSet<Table>,
}

impl Plan {
    pub(super) fn new(profile: &Profile, catalog: &Catalog, fields: &[FieldMeta]) -> Self {
        let known: HashMap<&str, &FieldMeta> = fields.iter().map(|f| (f.id.as_str(), f)).collect();
        let mut search_fields: Vec<String> = Vec::new();
        let add = |id: &str, list: &mut Vec<String>| {
            if known.contains_key(id) && !list.iter().any(|f| f == id) {
                list.push(id.to_string());
            }
        };
        for id in [
            "root.id",
            "work.startDate",
            "internal.status",
            LIFECYCLE_FIELD,
        ] {
            add(id, &mut search_fields);
        }
        for mapping in &profile.mapping {
            add(&mapping.source, &mut search_fields);
        }
        let mut probes = BTreeSet::new();
        let mut document_folders = BTreeSet::new();
        let mut fields_by_category: HashMap<String, Vec<String>> = HashMap::new();
        for permission in profile
            .permissions
            .iter()
            .filter_map(|p| catalog.get(&p.id))
        {
            match &permission.verify {
                Verify::Fields(category) => {
                    // Profile fields of the category first, then the tenant's own, built-ins
                    // before custom fields.
                    let mut chosen: Vec<String> = search_fields
                        .iter()
                        .filter(|id| {
                            known
                                .get(id.as_str())
                                .is_some_and(|f| &f.category_id == category)
                        })
                        .cloned()
                        .collect();
                    let mut others: Vec<&FieldMeta> = fields
                        .iter()
                        .filter(|f| &f.category_id == category && !chosen.contains(&f.id))
                        .collect();
                    others.sort_by_key(|f| f.id.contains(".custom."));
                    for field in others {
                        if chosen.len() >= FIELDS_PER_CATEGORY {
                            break;
                        }
                        chosen.push(field.id.clone());
                    }
                    for id in &chosen {
                        add(id, &mut search_fields);
                    }
                    fields_by_category.insert(category.clone(), chosen);
                }
                Verify::Field(id) => add(id, &mut search_fields),
                Verify::Endpoint(probe) => {
                    probes.insert(*probe);
                }
                Verify::Documents(folder) => {
                    document_folders.insert(folder.clone());
                }
                Verify::Lifecycle(_) | Verify::Unverifiable(_) => {}
            }
        }
        search_fields.truncate(MAX_SEARCH_FIELDS);
        let field_tables = search_fields
            .iter()
            .filter_map(|id| Table::holding_field(id))
            .collect();
        Plan {
            search_fields,
            fields_by_category,
            probes,
            document_folders,
            mapped: profile.mapping.iter().map(|m| m.source.clone()).collect(),
            history_tables: profile.tables.iter().map(|t| t.wire()).collect(),
            field_tables,
        }
    }
}

/// One sample page of a bulk table.
pub(super) fn table_sample(table: Table) -> Endpoint {
    Endpoint::BulkTable {
        table,
        limit: BULK_SAMPLE,
        cursor: None,
    }
}

/// The request behind a probe that needs no employee ID (round 2); `None` for the others.
pub(super) fn employee_free_endpoint(probe: Probe) -> Option<Endpoint> {
    let bulk = |table| Some(table_sample(table));
    match probe {
        Probe::WorkHistory => bulk(Table::Work),
        Probe::EmploymentHistory => bulk(Table::Employment),
        Probe::LifecycleHistory => bulk(Table::Lifecycle),
        Probe::SalaryHistory => bulk(Table::Salaries),
        Probe::WhosOut => Some(Endpoint::OutToday),
        Probe::TimeOffSettings => Some(Endpoint::TimeOffPolicyTypes),
        Probe::Tasks => Some(Endpoint::Tasks),
        Probe::Reports => Some(Endpoint::CompanyReports),
        Probe::BankAccounts | Probe::TimeOffBalance => None,
    }
}

/// The request behind a probe that needs an employee ID (round 3), asked about `employee_id`.
pub(super) fn employee_endpoint(
    probe: Probe,
    employee_id: &str,
    earlier: &HashMap<Probe, Result<RawResponse, HibobError>>,
) -> Option<Endpoint> {
    match probe {
        Probe::BankAccounts => Some(Endpoint::BankAccounts(employee_id.to_string())),
        Probe::TimeOffBalance => {
            // HiBob wants a policy type name; take the tenant's first if the settings probe could
            // read them, else the most common default.
            let policy_type = earlier
                .get(&Probe::TimeOffSettings)
                .and_then(|r| r.as_ref().ok())
                .and_then(|r| {
                    r.value
                        .get("policyTypes")?
                        .as_array()?
                        .first()?
                        .as_str()
                        .map(String::from)
                })
                .unwrap_or_else(|| "Holiday".to_string());
            Some(Endpoint::TimeOffBalance {
                employee_id: employee_id.to_string(),
                policy_type,
                date: crate::dates::today_iso(),
            })
        }
        _ => None,
    }
}

/// The endpoint a probe reads, as a label for the evidence ("GET /bulk/people/work").
pub(super) fn probe_label(probe: Probe) -> String {
    employee_free_endpoint(probe)
        .map(|e| e.label())
        .unwrap_or_else(|| match probe {
            Probe::BankAccounts => "GET /people/{id}/bank-accounts".into(),
            _ => "GET /timeoff/employees/{id}/balance".into(),
        })
}
