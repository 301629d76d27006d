//! The generated company: employees, named lists, history tables, and the
//! mutations used by diff tests and the demo. The types and look-ups are here;
//! `generate.rs` builds a company from a seed, `mutations.rs` changes it.

mod generate;
mod mutations;

use std::collections::HashMap;

use crate::config::DataQuality;
use crate::permissions::LifecycleStatus;
use crate::prng::{mix, SplitMix64};

/// An item of a named list (department, title).
#[derive(Clone, Debug)]
pub(crate) struct ListItem {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Clone, Debug)]
pub(crate) struct WorkRow {
    pub(crate) id: u64,
    pub(crate) effective: i32,
    pub(crate) title: u16,
    pub(crate) department: Option<u16>,
    pub(crate) site: Option<u8>,
}

#[derive(Clone, Debug)]
pub(crate) struct EmploymentRow {
    pub(crate) id: u64,
    pub(crate) effective: i32,
    pub(crate) contract: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) weekly_hours: u32,
    pub(crate) fte: f64,
    pub(crate) pay_type: &'static str,
}

#[derive(Clone, Debug)]
pub(crate) struct LifecycleRow {
    pub(crate) id: u64,
    pub(crate) effective: i32,
    pub(crate) status: LifecycleStatus,
    pub(crate) active: bool,
    pub(crate) reason: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub(crate) struct SalaryRow {
    pub(crate) id: u64,
    pub(crate) effective: i32,
    pub(crate) value: u32,
    pub(crate) pay_period: &'static str,
    pub(crate) pay_frequency: &'static str,
}

#[derive(Clone, Debug)]
pub(crate) struct Employee {
    pub(crate) id: String,
    pub(crate) first_name: String,
    pub(crate) surname: String,
    pub(crate) second_name: Option<&'static str>,
    pub(crate) display_name: String,
    pub(crate) email: Option<String>,
    pub(crate) creation_day: i32,
    pub(crate) creation_secs_of_day: u32,
    pub(crate) employee_number: u32,
    pub(crate) department: Option<u16>,
    pub(crate) title: u16,
    pub(crate) site: Option<u8>,
    pub(crate) manager: Option<u32>,
    pub(crate) start_date: i32,
    pub(crate) lifecycle: LifecycleStatus,
    pub(crate) active: bool,
    pub(crate) termination_date: Option<i32>,
    pub(crate) termination_reason: Option<&'static str>,
    pub(crate) last_day_of_work: Option<i32>,
    pub(crate) work_phone: String,
    pub(crate) work_mobile: Option<String>,
    pub(crate) private_email: Option<String>,
    pub(crate) mobile_phone: String,
    pub(crate) legal_gender: &'static str,
    pub(crate) family_status: Option<&'static str>,
    pub(crate) birth_date: i32,
    pub(crate) nationality: &'static str,
    pub(crate) pronouns: Option<&'static str>,
    pub(crate) address_line1: String,
    pub(crate) city: &'static str,
    pub(crate) post_code: String,
    pub(crate) country: &'static str,
    pub(crate) ssn: String,
    pub(crate) currency: &'static str,
    pub(crate) bank_name: &'static str,
    pub(crate) iban: String,
    pub(crate) account_last4: u32,
    pub(crate) ethnicity: Option<&'static str>,
    pub(crate) job_category: &'static str,
    pub(crate) about: String,
    pub(crate) hobbies: Option<String>,
    pub(crate) cost_centre: String,
    pub(crate) tshirt: Option<&'static str>,
    pub(crate) work_rows: Vec<WorkRow>,
    pub(crate) employment_rows: Vec<EmploymentRow>,
    pub(crate) lifecycle_rows: Vec<LifecycleRow>,
    pub(crate) salary_rows: Vec<SalaryRow>,
}

impl Employee {
    pub(crate) fn current_employment(&self) -> Option<&EmploymentRow> {
        self.employment_rows.last()
    }

    pub(crate) fn current_salary(&self) -> Option<&SalaryRow> {
        self.salary_rows.last()
    }
}

/// One absence on the who's-out calendar (derived, not stored).
#[derive(Clone, Debug)]
pub(crate) struct Absence {
    pub(crate) start: i32,
    pub(crate) end: i32,
    pub(crate) policy: &'static str,
    pub(crate) private: bool,
    pub(crate) request_id: u64,
}

pub(crate) struct Company {
    pub(crate) seed: u64,
    pub(crate) domain: &'static str,
    pub(crate) today: i32,
    pub(crate) departments: Vec<ListItem>,
    /// Which titles (indexes into `titles`) belong to each department.
    dept_titles: Vec<Vec<u16>>,
    pub(crate) titles: Vec<ListItem>,
    pub(crate) employees: Vec<Employee>,
    /// Number of direct reports per employee (for `work.isManager`).
    pub(crate) reports: Vec<u32>,
    by_id: HashMap<String, u32>,
    email_counts: HashMap<String, u32>,
    dept_members: Vec<Vec<u32>>,
    quality: DataQuality,
    rng: SplitMix64,
    next_row_id: u64,
}

/// Backend ids look like HiBob's: 19 digits.
fn employee_id(index: usize) -> String {
    format!("3001{index:015}")
}
impl Company {
    fn push(&mut self, emp: Employee) {
        let idx = self.employees.len() as u32;
        if let Some(d) = emp.department {
            if let Some(members) = self.dept_members.get_mut(usize::from(d)) {
                members.push(idx);
            }
        }
        if let Some(m) = emp.manager {
            if let Some(r) = self.reports.get_mut(m as usize) {
                *r += 1;
            }
        }
        self.by_id.insert(emp.id.clone(), idx);
        self.reports.push(0);
        self.employees.push(emp);
    }

    fn row_id(&mut self) -> u64 {
        self.next_row_id += 1;
        self.next_row_id
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&i| i as usize)
    }

    /// Looks up by backend id or (case-insensitively) by email; first match wins.
    pub(crate) fn find(&self, identifier: &str) -> Option<usize> {
        self.index_of(identifier).or_else(|| {
            self.employees.iter().position(|e| {
                e.email
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case(identifier))
            })
        })
    }

    // ---- derived data ----------------------------------------------------

    /// A deterministic absence per employee somewhere between 10 days ago and 4 weeks ahead.
    pub(crate) fn absence(&self, index: usize) -> Absence {
        let h = mix(self.seed ^ 0xAB5E ^ ((index as u64) << 20));
        let start = self.today - 10 + (h % 40) as i32;
        let len = ((h >> 8) % 5) as i32;
        let sick = (h >> 16).is_multiple_of(5);
        Absence {
            start,
            end: start + len,
            policy: if sick { "Sick" } else { "Holiday" },
            // Sick leave is the typical "private policy" whose reason is hidden.
            private: sick,
            request_id: 50_000_000 + index as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_nineteen_digits() {
        assert_eq!(employee_id(7).len(), 19);
        assert_eq!(employee_id(99_999).len(), 19);
    }

    #[test]
    fn clean_emails_unique_and_tree_valid() {
        let c = Company::generate(3_000, 9, DataQuality::Clean);
        let mut seen = std::collections::HashSet::new();
        for e in &c.employees {
            let m = e.email.clone().unwrap();
            assert!(m.is_ascii(), "{m}");
            assert!(seen.insert(m));
            if let Some(m) = e.manager {
                assert!((m as usize) < c.index_of(&e.id).unwrap());
            }
            assert!(!e.work_rows.is_empty() && e.work_rows.len() <= 4);
            assert_eq!(e.work_rows.last().unwrap().title, e.title);
        }
        assert_eq!(
            c.employees.iter().filter(|e| e.manager.is_none()).count(),
            1
        );
    }

    #[test]
    fn mutations() {
        let mut c = Company::generate(20, 1, DataQuality::Clean);
        let id = c.hire("Zoë", "Müller", "2030-01-01").unwrap();
        let i = c.index_of(&id).unwrap();
        assert_eq!(c.employees[i].lifecycle, LifecycleStatus::Hired);
        assert!(c.employees[i]
            .email
            .as_deref()
            .unwrap()
            .starts_with("zoe.muller@"));
        c.change_title(&id, "Chief Vibes Officer").unwrap();
        assert_eq!(
            c.titles[usize::from(c.employees[i].title)].name,
            "Chief Vibes Officer"
        );
        assert!(c.hire("A", "B", "2030-13-01").is_err());
        assert!(c.terminate("nope", "2020-01-01").is_err());
    }
}
