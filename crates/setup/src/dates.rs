//! Calendar dates without a date library (HiBob's dates are plain `YYYY-MM-DD` strings), and the
//! durations the app reports.

use std::time::Duration;

/// Whole milliseconds for the timings Sync now and Test connection report; a duration too long
/// for `u64` saturates rather than wraps.
pub fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Today (UTC) as `YYYY-MM-DD`, the form HiBob's dates compare in.
pub fn today_iso() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
        / 86_400;
    iso_from_days(days as i64)
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
pub fn iso_from_days(days_since_epoch: i64) -> String {
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(iso_from_days(0), "1970-01-01");
        assert_eq!(iso_from_days(11_016), "2000-02-29");
        assert_eq!(iso_from_days(20_781), "2026-11-24");
    }
}
