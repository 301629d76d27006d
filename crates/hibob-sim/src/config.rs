//! Simulator configuration: presets, data quality and fault knobs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::SimError;

/// Largest company the generator accepts.
pub const MAX_EMPLOYEES: usize = 100_000;

/// How to start a simulated tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Number of employees to generate, `1..=100_000`.
    pub employees: usize,
    /// Seed of the company generator and of the error-rate fault sequence.
    pub seed: u64,
    /// Permission set-up of the primary service user.
    pub preset: Preset,
    /// Faults active from the start (changeable at run time).
    pub faults: Faults,
    /// `None` means the preset's default (Messy for `demo`, Clean otherwise).
    pub data_quality: Option<DataQuality>,
    /// People-search limit per service user per minute; `None` disables it.
    pub rate_limit_per_minute: Option<u32>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            port: 0,
            employees: 200,
            seed: 42,
            preset: Preset::Full,
            faults: Faults::default(),
            data_quality: None,
            // HiBob documents 50 people-search calls per minute.
            rate_limit_per_minute: Some(50),
        }
    }
}

/// A builder over the fields, for tests and tools:
/// `SimConfig::preset(Preset::Full).employees(120).start().await`.
/// Each step keeps the other fields as they are ([`Default`] to begin with).
impl SimConfig {
    /// The default configuration with another preset.
    pub fn preset(preset: Preset) -> SimConfig {
        SimConfig {
            preset,
            ..SimConfig::default()
        }
    }

    #[must_use]
    pub fn employees(mut self, employees: usize) -> SimConfig {
        self.employees = employees;
        self
    }

    #[must_use]
    pub fn seed(mut self, seed: u64) -> SimConfig {
        self.seed = seed;
        self
    }

    #[must_use]
    pub fn port(mut self, port: u16) -> SimConfig {
        self.port = port;
        self
    }

    /// Faults active from the start, replacing any set before (`latency_ms` included).
    #[must_use]
    pub fn faults(mut self, faults: Faults) -> SimConfig {
        self.faults = faults;
        self
    }

    /// Delays every `/v1` response; the other faults stay as they are.
    #[must_use]
    pub fn latency_ms(mut self, latency_ms: u64) -> SimConfig {
        self.faults.latency_ms = latency_ms;
        self
    }

    #[must_use]
    pub fn data_quality(mut self, quality: DataQuality) -> SimConfig {
        self.data_quality = Some(quality);
        self
    }

    /// People-search calls per service user per minute; `None` turns the limit off.
    #[must_use]
    pub fn rate_limit_per_minute(mut self, limit: Option<u32>) -> SimConfig {
        self.rate_limit_per_minute = limit;
        self
    }

    pub(crate) fn effective_data_quality(&self) -> DataQuality {
        self.data_quality.unwrap_or(match self.preset {
            Preset::Demo => DataQuality::Messy,
            _ => DataQuality::Clean,
        })
    }
}

/// Named permission set-ups for the primary service user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Every permission, all lifecycle statuses.
    Full,
    /// The service user is in no permission group.
    NoGroup,
    /// Basic info, work, work contact, lifecycle and employment sections only.
    BaseOnly,
    /// Full minus every section-history permission.
    NoHistory,
    /// Full minus financial and payroll.
    NoFinancial,
    /// Full, but the data scope leaves out terminated employees.
    NoTerminated,
    /// The reported token is a discontinued legacy API token (always 401).
    LegacyToken,
    /// The desktop app's demo: a realistic, incomplete set-up with messy data.
    Demo,
    /// A company with field-level permissions: every section granted, but FTE, weekly hours,
    /// pay type and birth date withheld one by one, department's history withheld, and one
    /// personal contact field granted on its own. Search sends withheld fields as `null`.
    FieldLevel,
}

impl Preset {
    pub const ALL: &'static [Preset] = &[
        Preset::Full,
        Preset::NoGroup,
        Preset::BaseOnly,
        Preset::NoHistory,
        Preset::NoFinancial,
        Preset::NoTerminated,
        Preset::LegacyToken,
        Preset::Demo,
        Preset::FieldLevel,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Full => "full",
            Preset::NoGroup => "no-group",
            Preset::BaseOnly => "base-only",
            Preset::NoHistory => "no-history",
            Preset::NoFinancial => "no-financial",
            Preset::NoTerminated => "no-terminated",
            Preset::LegacyToken => "legacy-token",
            Preset::Demo => "demo",
            Preset::FieldLevel => "field-level",
        }
    }

    pub(crate) fn valid_names() -> String {
        Preset::ALL
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = SimError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Preset::ALL
            .iter()
            .copied()
            .find(|p| p.name() == wanted)
            .ok_or_else(|| SimError::UnknownPreset {
                name: s.to_owned(),
                valid: Preset::valid_names(),
            })
    }
}

/// How tidy the generated company data is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataQuality {
    /// Every employee has a unique email, a department and a site.
    Clean,
    /// About 1% without email, 0.5% sharing an email, a few without department or site.
    Messy,
}

/// Injected faults. They apply to `/v1` routes only, never to `/_admin`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Faults {
    /// Sleep before answering every `/v1` request.
    pub latency_ms: u64,
    /// Share (0.0..=1.0) of `/v1` requests answered with 500, from a seeded sequence.
    pub error_rate: f64,
    /// The next N `/v1` requests answer 503.
    pub fail_next: u32,
    /// The next N `/v1` requests answer 429.
    pub rate_limit_next: u32,
    /// When set, the injected 429s carry `Retry-After: N`.
    pub retry_after_secs: Option<u64>,
    /// Successful bodies are cut in half while Content-Length announces the full size.
    pub truncate_body: bool,
    /// Successful bodies are replaced by invalid JSON (with a correct Content-Length).
    pub malformed_body: bool,
    /// Successful bodies are streamed in about 8 chunks with this pause between them.
    pub slow_body_ms: u64,
    /// Successful bodies are replaced by valid JSON of about this many bytes.
    pub oversize_body_bytes: Option<u64>,
    /// After this many more `/v1` requests, every one is answered 401: the token was refreshed or
    /// the service user deactivated while the client was working.
    pub unauthorized_after: Option<u32>,
    /// After this many more `/v1` requests, every one is answered 403: the service user's
    /// permission group was emptied while the client was working.
    pub forbidden_after: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_sets_what_it_names_and_keeps_the_rest() {
        let built = SimConfig::preset(Preset::NoHistory)
            .employees(120)
            .seed(7)
            .latency_ms(30)
            .rate_limit_per_minute(None);
        let written = SimConfig {
            preset: Preset::NoHistory,
            employees: 120,
            seed: 7,
            faults: Faults {
                latency_ms: 30,
                ..Faults::default()
            },
            rate_limit_per_minute: None,
            ..SimConfig::default()
        };
        assert_eq!(built, written);
        // `faults` replaces every fault, the latency included.
        let replaced = built.faults(Faults {
            fail_next: 2,
            ..Faults::default()
        });
        assert_eq!(replaced.faults.latency_ms, 0);
        assert_eq!(replaced.faults.fail_next, 2);
    }
}
