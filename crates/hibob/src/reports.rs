//! `GET /company/reports`: the company's reports (docs/hibob-api.md §5). HiBob lists only the
//! reports whose categories the service user may view.
//!
//! The list sits under `views` in HiBob's OpenAPI description of this endpoint (as generated from
//! its documentation, 2025); no live answer has confirmed it, so that name is uncertain and a
//! list under `reports` is read too.

use serde::Deserialize;
use serde_json::Value;

/// The answer to `GET /company/reports`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct CompanyReports {
    #[serde(alias = "reports")]
    pub views: Vec<Report>,
}

/// One report, as far as HiBob Setup reads it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// A number in HiBob's description; kept raw, as its type is not confirmed by a live answer.
    #[serde(default)]
    pub id: Value,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

impl CompanyReports {
    /// Reads the answer; an error means it is not a shape HiBob Setup knows.
    pub fn from_value(value: &Value) -> Result<CompanyReports, serde_json::Error> {
        CompanyReports::deserialize(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_described_list_and_its_other_likely_name() {
        let described = json!({"views": [{"id": 7, "name": "Headcount", "isScheduled": false}]});
        let reports = CompanyReports::from_value(&described).unwrap();
        assert_eq!(reports.views[0].name.as_deref(), Some("Headcount"));
        let other = json!({"reports": [{"id": 7}, {"id": 8}]});
        assert_eq!(CompanyReports::from_value(&other).unwrap().views.len(), 2);
        assert!(CompanyReports::from_value(&json!({"tasks": []})).is_err());
    }
}
