//! Changes to a running company: a hire, a new title, a termination.

use super::{Company, LifecycleRow, ListItem, WorkRow};
use crate::dates;
use crate::error::SimError;
use crate::permissions::LifecycleStatus;
use crate::prng::SplitMix64;

impl Company {
    pub(crate) fn hire(
        &mut self,
        first_name: &str,
        surname: &str,
        start_date: &str,
    ) -> Result<String, SimError> {
        let first = first_name.trim();
        let last = surname.trim();
        if first.is_empty() || last.is_empty() {
            return Err(SimError::InvalidArgument(
                "first name and surname must not be empty".to_owned(),
            ));
        }
        let start =
            dates::parse_iso(start_date).ok_or_else(|| SimError::InvalidDate(start_date.into()))?;
        let index = self.employees.len();
        let mut rng = SplitMix64::new(self.rng.next_u64());
        let emp = self.make_employee(&mut rng, index, Some((first, last, start)));
        let id = emp.id.clone();
        self.push(emp);
        Ok(id)
    }

    pub(crate) fn change_title(&mut self, employee_id: &str, title: &str) -> Result<(), SimError> {
        let title = title.trim();
        if title.is_empty() {
            return Err(SimError::InvalidArgument("title must not be empty".into()));
        }
        let idx = self
            .index_of(employee_id)
            .ok_or_else(|| SimError::UnknownEmployee(employee_id.to_owned()))?;
        let t = match self.titles.iter().position(|t| t.name == title) {
            Some(t) => t as u16,
            None => {
                // Unknown titles join the list, as an admin adding a list item would.
                let id = (246_813_579 + self.titles.len() * 97).to_string();
                self.titles.push(ListItem {
                    id,
                    name: title.to_owned(),
                });
                (self.titles.len() - 1) as u16
            }
        };
        let row_id = self.row_id();
        let today = self.today;
        let emp = &mut self.employees[idx];
        emp.title = t;
        let effective = emp
            .work_rows
            .last()
            .map_or(today, |r| r.effective.max(today));
        emp.work_rows.push(WorkRow {
            id: row_id,
            effective,
            title: t,
            department: emp.department,
            site: emp.site,
        });
        Ok(())
    }

    pub(crate) fn terminate(&mut self, employee_id: &str, date: &str) -> Result<(), SimError> {
        let when = dates::parse_iso(date).ok_or_else(|| SimError::InvalidDate(date.into()))?;
        let idx = self
            .index_of(employee_id)
            .ok_or_else(|| SimError::UnknownEmployee(employee_id.to_owned()))?;
        let row_id = self.row_id();
        let today = self.today;
        let emp = &mut self.employees[idx];
        if when < emp.start_date {
            return Err(SimError::InvalidArgument(format!(
                "termination date {date} is before the start date {}",
                dates::iso(emp.start_date)
            )));
        }
        // A future date means notice is being served: HiBob shows garden leave / active.
        let (status, active) = if when <= today {
            (LifecycleStatus::Terminated, false)
        } else {
            (LifecycleStatus::GardenLeave, true)
        };
        emp.lifecycle = status;
        emp.active = active;
        emp.termination_date = Some(when);
        emp.termination_reason = Some("Resignation");
        emp.last_day_of_work = Some(when.min(today.max(emp.start_date)));
        emp.lifecycle_rows.push(LifecycleRow {
            id: row_id,
            effective: when.min(today),
            status,
            active,
            reason: Some("Resignation"),
        });
        Ok(())
    }
}
