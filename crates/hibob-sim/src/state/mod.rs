//! Shared, lock-protected state of a running simulator: the company, the service
//! users, the faults, the request log and the rate limit, one file each.

mod faults;
mod lock;
mod log;
mod rate;
mod users;

use std::sync::{Arc, RwLock};

pub(crate) use faults::{FaultSwitch, Injected};
pub(crate) use lock::{read, write};
pub(crate) use log::RequestLog;
pub use log::RequestRecord;
pub(crate) use rate::{RateDecision, RateInfo, SearchRate};
pub(crate) use users::{ServiceUser, ServiceUsers};

use crate::company::Company;
use crate::config::{Preset, SimConfig};
use crate::permissions::{Effective, PermissionGroup};
use crate::prng::{mix, SplitMix64};

/// Who is calling a `/v1` route; inserted by the pipeline after authentication.
#[derive(Clone)]
pub(crate) struct Caller {
    pub(crate) perms: Arc<Effective>,
}

pub(crate) type AppState = Arc<Shared>;

pub(crate) struct Shared {
    pub(crate) company: RwLock<Company>,
    pub(crate) users: ServiceUsers,
    pub(crate) faults: FaultSwitch,
    pub(crate) log: RequestLog,
    pub(crate) rate: SearchRate,
    pub(crate) preset: Preset,
    pub(crate) primary_id: String,
    /// What the sim hands out as the primary token (the legacy one for `legacy-token`).
    pub(crate) reported_token: String,
    pub(crate) secondary_id: String,
}

impl Shared {
    pub(crate) fn new(config: &SimConfig, company: Company) -> Shared {
        let mut rng = SplitMix64::new(mix(config.seed ^ 0x5E_2F1C_E05E_2000));
        let number = 1_000 + rng.below(9_000);
        let primary_id = format!("SERVICE-{number}");
        let secondary_id = format!("SERVICE-{}", number + 1 + rng.below(50));
        let primary_token = users::token(&mut rng);
        let secondary_token = users::token(&mut rng);
        let legacy = users::legacy_token(&mut rng);
        let reported_token = if config.preset == Preset::LegacyToken {
            legacy
        } else {
            primary_token.clone()
        };
        let users = vec![
            ServiceUser {
                id: primary_id.clone(),
                token: primary_token,
                group: users::group_for(config.preset),
            },
            ServiceUser {
                id: secondary_id.clone(),
                token: secondary_token,
                group: users::group_for(Preset::BaseOnly).map(|g| PermissionGroup {
                    name: "Reporting integration".to_owned(),
                    ..g
                }),
            },
        ];
        Shared {
            company: RwLock::new(company),
            users: ServiceUsers::new(users, users::model_for(config.preset)),
            faults: FaultSwitch::new(
                config.faults.clone(),
                SplitMix64::new(mix(config.seed ^ 0xFA17)),
            ),
            log: RequestLog::default(),
            rate: SearchRate::new(config.rate_limit_per_minute),
            preset: config.preset,
            primary_id,
            reported_token,
            secondary_id,
        }
    }
}
