//! Minimal civil-date helpers (days since 1970-01-01), enough for fake HR data
//! without pulling in a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Days since the Unix epoch for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

/// Inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(days: i32) -> (i64, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Today's date (UTC) in days since the epoch.
pub(crate) fn today() -> i32 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (secs / 86_400) as i32
}

pub(crate) fn now_epoch_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn push2(out: &mut String, v: u32) {
    out.push(char::from(b'0' + (v / 10 % 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

fn push4(out: &mut String, v: i64) {
    let v = v.clamp(0, 9999) as u32;
    push2(out, v / 100);
    push2(out, v % 100);
}

/// Appends `YYYY-MM-DD`.
pub(crate) fn push_iso(out: &mut String, days: i32) {
    let (y, m, d) = civil_from_days(days);
    push4(out, y);
    out.push('-');
    push2(out, m);
    out.push('-');
    push2(out, d);
}

/// Appends `dd/MM/yyyy`, the display format the sim uses for `humanReadable`.
pub(crate) fn push_display(out: &mut String, days: i32) {
    let (y, m, d) = civil_from_days(days);
    push2(out, d);
    out.push('/');
    push2(out, m);
    out.push('/');
    push4(out, y);
}

pub(crate) fn iso(days: i32) -> String {
    let mut s = String::with_capacity(10);
    push_iso(&mut s, days);
    s
}

/// Parses a strict `YYYY-MM-DD` date.
pub(crate) fn parse_iso(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    let y = num(0..4)?;
    let m = num(5..7)?;
    let d = num(8..10)?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(i64::from(y), m) {
        return None;
    }
    Some(days_from_civil(i64::from(y), m, d))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Whole years between two dates (for `personal.age`).
pub(crate) fn years_between(from: i32, to: i32) -> i64 {
    let (y1, m1, d1) = civil_from_days(from);
    let (y2, m2, d2) = civil_from_days(to);
    let mut years = y2 - y1;
    if (m2, d2) < (m1, d1) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for days in [-1000, 0, 1, 59, 60, 10_000, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(
            parse_iso("2024-02-29").map(iso).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(parse_iso("2023-02-29"), None);
        assert_eq!(parse_iso("2023-2-01"), None);
        let mut s = String::new();
        push_display(&mut s, days_from_civil(2019, 9, 8));
        assert_eq!(s, "08/09/2019");
    }
}
