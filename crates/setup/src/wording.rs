//! Small words shared by every text the core writes (plurals, capitals). A leaf: it imports nothing
//! from the crate, so the terminal checklist, the setup report and the sync problems can all use it
//! without importing each other.

/// "1 employee", "224 employees".
pub fn employees(n: usize) -> String {
    if n == 1 {
        "1 employee".to_string()
    } else {
        format!("{n} employees")
    }
}

/// "A", "A and B", "A, B and C".
pub fn list_of(items: impl IntoIterator<Item = String>) -> String {
    let mut items: Vec<String> = items.into_iter().collect();
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} and {last}", items.join(", "))
        }
    }
}

/// "1 row", "3 rows": a count with the noun that agrees with it.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Sync now's headline: "3 employees: 2 would sync as they are, 1 needs fixing first."
pub fn sync_headline(total: usize, ready: usize, blocked: usize) -> String {
    format!(
        "{}: {ready} would sync as {}, {blocked} {} fixing first.",
        employees(total),
        if ready == 1 { "it is" } else { "they are" },
        if blocked == 1 { "needs" } else { "need" }
    )
}

/// The text with its first letter in upper case ("work history" → "Work history").
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_employee_is_singular_and_every_other_count_plural() {
        assert_eq!(employees(0), "0 employees");
        assert_eq!(employees(1), "1 employee");
        assert_eq!(employees(224), "224 employees");
    }

    #[test]
    fn lists_read_as_a_sentence() {
        let list = |items: &[&str]| list_of(items.iter().map(|s| s.to_string()));
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["FTE"]), "FTE");
        assert_eq!(list(&["FTE", "Weekly hours"]), "FTE and Weekly hours");
        assert_eq!(list(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn the_sync_headline_agrees_with_each_count() {
        assert_eq!(
            sync_headline(1, 1, 0),
            "1 employee: 1 would sync as it is, 0 need fixing first."
        );
        assert_eq!(
            sync_headline(3, 2, 1),
            "3 employees: 2 would sync as they are, 1 needs fixing first."
        );
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(0, "row", "rows"), "0 rows");
    }

    #[test]
    fn only_the_first_letter_is_capitalized() {
        assert_eq!(capitalized("work history"), "Work history");
        assert_eq!(capitalized("élan"), "Élan");
        assert_eq!(capitalized(""), "");
    }
}
