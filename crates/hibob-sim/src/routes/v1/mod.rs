//! Handlers of the simulated `/v1` API, one file per part of HiBob's API and named
//! like the client's own files, so both sides of an endpoint are found by name.

// Handlers bail out early with a ready `Response`; boxing it would only add noise
// on these cold error paths.
#![allow(clippy::result_large_err)]

pub(super) mod docs;
pub(super) mod metadata;
pub(super) mod people;
pub(super) mod reports;
pub(super) mod tables;
pub(super) mod tasks;
pub(super) mod timeoff;

use std::collections::HashMap;

use axum::extract::Query;
use axum::response::Response;

use crate::company::Employee;
use crate::permissions::Effective;
use crate::reply::bad_request;

/// A query string as the handlers take it: a bad one is answered 400, not by axum's text.
type Params = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

fn params(query: Params) -> Result<HashMap<String, String>, Response> {
    query
        .map(|Query(m)| m)
        .map_err(|e| bad_request("invalidRequest", format!("bad query string: {e}")))
}

/// In the caller's data scope, regardless of access status.
fn in_scope(perms: &Effective, e: &Employee) -> bool {
    perms.covers(e.lifecycle, e.active)
}
