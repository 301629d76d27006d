//! The faults switched on at run time, and the seeded roll behind `error_rate`.

use std::sync::Mutex;

use super::lock::lock;
use crate::config::Faults;
use crate::prng::SplitMix64;

/// A fault decided before authentication.
pub(crate) enum Injected {
    RateLimited(Option<u64>),
    Unavailable,
    Internal,
    Unauthorized,
    Forbidden,
}

struct FaultState {
    faults: Faults,
    rng: SplitMix64,
}

/// The active faults, counted down as requests use them up.
pub(crate) struct FaultSwitch(Mutex<FaultState>);

impl FaultSwitch {
    pub(crate) fn new(faults: Faults, rng: SplitMix64) -> FaultSwitch {
        FaultSwitch(Mutex::new(FaultState {
            faults: sanitize(faults),
            rng,
        }))
    }

    pub(crate) fn current(&self) -> Faults {
        lock(&self.0).faults.clone()
    }

    pub(crate) fn set(&self, faults: Faults) {
        lock(&self.0).faults = sanitize(faults);
    }

    /// Decides the pre-authentication faults in the documented order:
    /// `unauthorized_after`, `forbidden_after`, `rate_limit_next`, `fail_next`, `error_rate`.
    pub(crate) fn take_injected(&self) -> Option<Injected> {
        let mut state = lock(&self.0);
        if count_down(&mut state.faults.unauthorized_after) {
            return Some(Injected::Unauthorized);
        }
        if count_down(&mut state.faults.forbidden_after) {
            return Some(Injected::Forbidden);
        }
        if state.faults.rate_limit_next > 0 {
            state.faults.rate_limit_next -= 1;
            return Some(Injected::RateLimited(state.faults.retry_after_secs));
        }
        if state.faults.fail_next > 0 {
            state.faults.fail_next -= 1;
            return Some(Injected::Unavailable);
        }
        if state.faults.error_rate > 0.0 {
            let roll = state.rng.unit();
            if roll < state.faults.error_rate {
                return Some(Injected::Internal);
            }
        }
        None
    }
}

fn sanitize(mut f: Faults) -> Faults {
    f.error_rate = if f.error_rate.is_finite() {
        f.error_rate.clamp(0.0, 1.0)
    } else {
        0.0
    };
    f
}

/// One more request seen by an "after N requests" fault: true once the N have passed (and from
/// then on, until the fault is replaced).
fn count_down(remaining: &mut Option<u32>) -> bool {
    match remaining {
        Some(0) => true,
        Some(n) => {
            *n -= 1;
            false
        }
        None => false,
    }
}
