//! Employee tables (work, employment, lifecycle, salaries history) as HiBob returns them.
//! Rows stay raw JSON: their columns vary by tenant (custom columns) and the product only needs to
//! know whether they came back.

use serde::Deserialize;
use serde_json::Value;

/// `GET /people/{id}/{table}` and similar: `{"values": [rows]}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TableRows {
    #[serde(default)]
    pub values: Vec<Value>,
}

/// One page of `GET /bulk/people/{table}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct BulkPage {
    #[serde(default)]
    pub results: Vec<BulkEmployeeRows>,
    #[serde(default)]
    pub response_metadata: ResponseMetadata,
    /// Employees outside the service user's "Access data for" scope are reported here instead of
    /// failing the call; the exact nesting is uncertain (docs/hibob-api.md §5), so entries stay raw.
    #[serde(default)]
    pub errors: Vec<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkEmployeeRows {
    pub employee_id: String,
    #[serde(default)]
    pub values: Vec<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ResponseMetadata {
    /// HiBob's docs name it `next_cursor`; an older schema says `cursor` (uncertain): accept both.
    #[serde(default, alias = "cursor")]
    pub next_cursor: Option<String>,
}
