//! Building a company from a seed: the people, their reporting lines and their history rows.

use std::collections::HashMap;

use super::{
    employee_id, Company, Employee, EmploymentRow, LifecycleRow, ListItem, SalaryRow, WorkRow,
};
use crate::config::DataQuality;
use crate::dates;
use crate::names::{self, SITES};
use crate::permissions::LifecycleStatus;
use crate::prng::{mix, SplitMix64};

impl Company {
    pub(crate) fn generate(count: usize, seed: u64, quality: DataQuality) -> Company {
        let today = dates::today();
        let mut rng = SplitMix64::new(seed ^ 0xC0FF_EE00_D15E_A5E5);
        let domain = *rng.pick(names::DOMAINS);
        let mut departments = Vec::new();
        let mut titles = Vec::new();
        let mut dept_titles = Vec::new();
        for (d, (dept, dept_title_names)) in names::DEPARTMENTS.iter().enumerate() {
            // Stable numeric-string ids, like HiBob list item ids.
            departments.push(ListItem {
                id: (1_357_911 + d * 2_468).to_string(),
                name: (*dept).to_owned(),
            });
            let mut own = Vec::new();
            for t in dept_title_names.iter() {
                own.push(titles.len() as u16);
                titles.push(ListItem {
                    id: (246_813_579 + titles.len() * 97).to_string(),
                    name: (*t).to_owned(),
                });
            }
            dept_titles.push(own);
        }
        let mut company = Company {
            seed,
            domain,
            today,
            dept_members: vec![Vec::new(); departments.len()],
            departments,
            dept_titles,
            titles,
            employees: Vec::with_capacity(count),
            reports: Vec::with_capacity(count),
            by_id: HashMap::with_capacity(count),
            email_counts: HashMap::with_capacity(count),
            quality,
            rng,
            next_row_id: 700_000_000,
        };
        for i in 0..count {
            let mut rng = SplitMix64::new(mix(seed ^ (i as u64).wrapping_mul(0x9E37_79B9)));
            let emp = company.make_employee(&mut rng, i, None);
            company.push(emp);
        }
        company
    }

    fn unique_email(&mut self, first: &str, surname: &str) -> String {
        let base = format!(
            "{}.{}",
            names::fold_ascii(first),
            names::fold_ascii(surname)
        );
        let n = self.email_counts.entry(base.clone()).or_insert(0);
        *n += 1;
        // Local parts never end in a digit, so "name2" cannot clash with another base.
        if *n == 1 {
            format!("{base}@{}", self.domain)
        } else {
            format!("{base}{n}@{}", self.domain)
        }
    }

    fn pick_department(&self, rng: &mut SplitMix64, index: usize) -> u16 {
        if index == 0 {
            return 0; // the CEO sits in Management
        }
        // Management stays small; the rest is spread unevenly like a real org.
        let weights = [1u64, 30, 8, 14, 6, 10, 5, 4, 2, 6, 6, 4];
        let total: u64 = weights.iter().sum();
        let mut roll = rng.below(total);
        for (d, w) in weights.iter().enumerate() {
            if roll < *w {
                return d as u16;
            }
            roll -= w;
        }
        1
    }

    fn pick_site(rng: &mut SplitMix64) -> u8 {
        let total: u64 = SITES.iter().map(|s| u64::from(s.weight)).sum();
        let mut roll = rng.below(total);
        for (i, s) in SITES.iter().enumerate() {
            if roll < u64::from(s.weight) {
                return i as u8;
            }
            roll -= u64::from(s.weight);
        }
        0
    }

    fn pick_title(&self, rng: &mut SplitMix64, dept: u16, index: usize) -> u16 {
        if index == 0 {
            return 0;
        }
        match self.dept_titles.get(usize::from(dept)) {
            Some(own) if !own.is_empty() => {
                // Skip the CEO title for everyone but the CEO.
                let t = *rng.pick(own);
                if t == 0 {
                    own.get(1).copied().unwrap_or(t)
                } else {
                    t
                }
            }
            _ => 1,
        }
    }

    /// Earlier employees only, so the reporting lines always form a tree.
    fn pick_manager(&self, rng: &mut SplitMix64, index: usize, dept: Option<u16>) -> Option<u32> {
        if index == 0 || self.employees.is_empty() {
            return None;
        }
        let limit = index.min(self.employees.len());
        if let Some(members) = dept.and_then(|d| self.dept_members.get(usize::from(d))) {
            let earlier: &[u32] = members;
            if !earlier.is_empty() && rng.chance(0.85) {
                // Prefer someone near the top of the department's hiring order,
                // which keeps the tree bushy rather than a long chain.
                let span = earlier.len().min(1 + earlier.len() / 3);
                return Some(earlier[rng.index(span)]);
            }
        }
        Some(rng.below(limit as u64) as u32)
    }

    pub(super) fn make_employee(
        &mut self,
        rng: &mut SplitMix64,
        index: usize,
        given: Option<(&str, &str, i32)>,
    ) -> Employee {
        let today = self.today;
        let (first_name, surname) = match given {
            Some((f, s, _)) => (f.to_owned(), s.to_owned()),
            None => (
                (*rng.pick(names::FIRST_NAMES)).to_owned(),
                (*rng.pick(names::SURNAMES)).to_owned(),
            ),
        };
        let second_name = rng.chance(0.08).then(|| *rng.pick(names::FIRST_NAMES));
        let display_name = format!("{first_name} {surname}");

        let roll = rng.unit();
        let lifecycle = match given {
            Some((_, _, start)) if start > today => LifecycleStatus::Hired,
            Some(_) => LifecycleStatus::Employed,
            None if index == 0 => LifecycleStatus::Employed,
            None if roll < 0.82 => LifecycleStatus::Employed,
            None if roll < 0.86 => LifecycleStatus::Hired,
            None if roll < 0.95 => LifecycleStatus::Terminated,
            None if roll < 0.97 => LifecycleStatus::Leave,
            None if roll < 0.99 => LifecycleStatus::ParentalLeave,
            None => LifecycleStatus::GardenLeave,
        };
        let twelve_years = 4_380;
        let start_date = match (given, lifecycle) {
            (Some((_, _, start)), _) => start,
            (None, _) if index == 0 => today - twelve_years - 30,
            (None, LifecycleStatus::Hired) => today + 1 + rng.below(90) as i32,
            (None, LifecycleStatus::Terminated) => today - 400 - rng.below(3_900) as i32,
            (None, _) => today - 30 - rng.below(4_350) as i32,
        };
        let mut termination_date = None;
        let mut termination_reason = None;
        let mut last_day_of_work = None;
        let active = match lifecycle {
            LifecycleStatus::Hired | LifecycleStatus::Terminated => false,
            LifecycleStatus::Employed | LifecycleStatus::GardenLeave => true,
            // HiBob lets the company decide; the sim splits it about evenly.
            LifecycleStatus::Leave | LifecycleStatus::ParentalLeave => rng.chance(0.5),
        };
        match lifecycle {
            LifecycleStatus::Terminated => {
                let tenure = (today - start_date - 1).max(91);
                let end = start_date + 90 + rng.below((tenure - 90) as u64) as i32;
                termination_date = Some(end.min(today - 1));
                termination_reason = Some(*rng.pick(names::TERMINATION_REASONS));
                last_day_of_work = termination_date;
            }
            LifecycleStatus::GardenLeave => {
                termination_date = Some(today + 7 + rng.below(60) as i32);
                termination_reason = Some(*rng.pick(names::TERMINATION_REASONS));
                last_day_of_work = Some(today - rng.below(10) as i32);
            }
            _ => {}
        }

        let department = if index > 0
            && self.quality == DataQuality::Messy
            && given.is_none()
            && rng.chance(0.004)
        {
            None
        } else {
            Some(self.pick_department(rng, index))
        };
        let title = self.pick_title(rng, department.unwrap_or(1), index);
        let site_idx = Self::pick_site(rng);
        let site = if self.quality == DataQuality::Messy && given.is_none() && rng.chance(0.004) {
            None
        } else {
            Some(site_idx)
        };
        let site_def = &SITES[usize::from(site_idx)];
        let manager = self.pick_manager(rng, index, department);

        let email = if self.quality == DataQuality::Messy && given.is_none() && rng.chance(0.01) {
            None
        } else if self.quality == DataQuality::Messy
            && given.is_none()
            && !self.employees.is_empty()
            && rng.chance(0.005)
        {
            // A shared mailbox or a copy-paste error: reuse an earlier person's email.
            let other = rng.index(self.employees.len());
            self.employees[other]
                .email
                .clone()
                .or_else(|| Some(self.unique_email(&first_name, &surname)))
        } else {
            Some(self.unique_email(&first_name, &surname))
        };

        let creation_day = start_date.min(today) - 20 - rng.below(40) as i32;
        let age_at_start = 21 + rng.below(25) as i32;
        let birth_date = start_date - age_at_start * 365 - rng.below(365) as i32;
        let city = if rng.chance(0.85) {
            site_def.city
        } else {
            rng.pick(SITES).city
        };
        let nationality = if rng.chance(0.7) {
            site_def.nationality
        } else {
            rng.pick(SITES).nationality
        };
        let folded_first = names::fold_ascii(&first_name);
        let private_email = rng
            .chance(0.8)
            .then(|| format!("{folded_first}{}@mail.example", rng.below(1000)));
        let hobby_a = *rng.pick(names::HOBBIES);
        let hobby_b = *rng.pick(names::HOBBIES);
        let dept_for_cc = department.unwrap_or(0);

        let mut emp = Employee {
            id: employee_id(index),
            first_name,
            surname,
            second_name,
            display_name,
            email,
            creation_day,
            creation_secs_of_day: rng.below(86_400) as u32,
            employee_number: index as u32 + 1,
            department,
            title,
            site,
            manager,
            start_date,
            lifecycle,
            active,
            termination_date,
            termination_reason,
            last_day_of_work,
            work_phone: format!("{} {:04}", site_def.phone_prefix, rng.below(10_000)),
            work_mobile: rng
                .chance(0.7)
                .then(|| format!("+44 7700 900{:03}", rng.below(1000))),
            private_email,
            mobile_phone: format!("+44 7700 900{:03}", rng.below(1000)),
            legal_gender: if rng.chance(0.5) { "Female" } else { "Male" },
            family_status: rng.chance(0.8).then(|| *rng.pick(names::FAMILY_STATUSES)),
            birth_date,
            nationality,
            pronouns: rng.chance(0.3).then(|| *rng.pick(names::PRONOUNS)),
            address_line1: format!("{} {}", 1 + rng.below(220), rng.pick(names::STREETS)),
            city,
            post_code: format!("{:05}", rng.below(100_000)),
            country: site_def.country,
            // Area numbers 900-999 are never issued, so these cannot be real SSNs.
            ssn: format!(
                "9{:02}-{:02}-{:04}",
                rng.below(100),
                1 + rng.below(99),
                rng.below(10_000)
            ),
            currency: site_def.currency,
            bank_name: rng.pick_str(site_def.banks),
            iban: format!(
                "{}{:02}SIMB{:014}",
                site_def.country_code,
                rng.below(100),
                rng.below(100_000_000_000_000)
            ),
            account_last4: rng.below(10_000) as u32,
            ethnicity: rng.chance(0.85).then(|| *rng.pick(names::ETHNICITIES)),
            job_category: rng.pick_str(names::JOB_CATEGORIES),
            about: format!("Enjoys {hobby_a} and {hobby_b}."),
            hobbies: rng.chance(0.6).then(|| format!("{hobby_a}, {hobby_b}")),
            cost_centre: format!("CC-{:02}{:02}", dept_for_cc, rng.below(20)),
            tshirt: rng.chance(0.9).then(|| *rng.pick(names::TSHIRT_SIZES)),
            work_rows: Vec::new(),
            employment_rows: Vec::new(),
            lifecycle_rows: Vec::new(),
            salary_rows: Vec::new(),
        };
        self.fill_history(rng, &mut emp);
        emp
    }

    /// 1-4 rows per table, oldest first; the last row is the current one.
    fn fill_history(&mut self, rng: &mut SplitMix64, emp: &mut Employee) {
        let today = self.today;
        let end = emp.termination_date.unwrap_or(today).min(today);
        let span = (end - emp.start_date).max(0);
        let max_rows = if span > 720 {
            4
        } else if span > 180 {
            2
        } else {
            1
        };
        let n = 1 + rng.below(max_rows) as usize;
        let mut dates = vec![emp.start_date];
        for k in 1..n {
            // Evenly spread change dates with jitter, strictly increasing.
            let base = emp.start_date + (span as i64 * k as i64 / n as i64) as i32;
            dates.push(base + rng.below(30) as i32);
        }
        let dept = emp.department;
        for (k, &effective) in dates.iter().enumerate() {
            let title = if k + 1 == n {
                emp.title
            } else {
                self.pick_title(rng, dept.unwrap_or(1), 1)
            };
            let id = self.row_id();
            emp.work_rows.push(WorkRow {
                id,
                effective,
                title,
                department: dept,
                site: emp.site,
            });
        }

        let part_time = rng.chance(0.12);
        let kind = match rng.below(20) {
            0 => "Contractor",
            1 | 2 => "Fixed term",
            _ => "Permanent",
        };
        let pay_type = if kind == "Contractor" {
            "Hourly"
        } else {
            "Salaried"
        };
        let emp_rows = if span > 365 && rng.chance(0.3) { 2 } else { 1 };
        for k in 0..emp_rows {
            let last = k + 1 == emp_rows;
            let pt = if last { part_time } else { !part_time };
            let fte = if pt {
                [0.5, 0.6, 0.8][rng.index(3)]
            } else {
                1.0
            };
            let id = self.row_id();
            emp.employment_rows.push(EmploymentRow {
                id,
                effective: if k == 0 {
                    emp.start_date
                } else {
                    emp.start_date + span / 2
                },
                contract: if pt { "Part time" } else { "Full time" },
                kind,
                weekly_hours: (40.0 * fte) as u32,
                fte,
                pay_type,
            });
        }

        let mut salary = 32_000 + rng.below(90_000) as u32;
        if emp.title <= 2 {
            salary += 120_000;
        }
        let sal_rows = 1 + rng.below(max_rows) as usize;
        for k in 0..sal_rows {
            let effective = emp.start_date + (span as i64 * k as i64 / sal_rows as i64) as i32;
            let id = self.row_id();
            emp.salary_rows.push(SalaryRow {
                id,
                effective,
                value: salary - salary % 500,
                pay_period: "Annual",
                pay_frequency: "Monthly",
            });
            salary += salary / 20 + rng.below(3_000) as u32;
        }

        let mut rows = Vec::new();
        match emp.lifecycle {
            LifecycleStatus::Hired => {
                rows.push((emp.creation_day, LifecycleStatus::Hired, false, None));
            }
            status => {
                rows.push((emp.start_date, LifecycleStatus::Employed, true, None));
                match status {
                    LifecycleStatus::Terminated | LifecycleStatus::GardenLeave => {
                        let when = if status == LifecycleStatus::Terminated {
                            emp.termination_date
                        } else {
                            emp.last_day_of_work
                        };
                        rows.push((
                            when.unwrap_or(today),
                            status,
                            emp.active,
                            emp.termination_reason,
                        ));
                    }
                    LifecycleStatus::Leave | LifecycleStatus::ParentalLeave => {
                        let reason = if status == LifecycleStatus::Leave {
                            Some(*rng.pick(names::LEAVE_REASONS))
                        } else {
                            None
                        };
                        let when = (today - 1 - rng.below(120) as i32).max(emp.start_date);
                        rows.push((when, status, emp.active, reason));
                    }
                    _ => {}
                }
            }
        }
        for (effective, status, active, reason) in rows {
            let id = self.row_id();
            emp.lifecycle_rows.push(LifecycleRow {
                id,
                effective,
                status,
                active,
                reason,
            });
        }
    }
}
