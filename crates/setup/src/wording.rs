//! Small pieces of English shared by every text the app writes (the terminal, problem sentences,
//! the setup report). A leaf: it imports nothing from the crate.

/// "1 employee", "224 employees".
pub fn employees(n: usize) -> String {
    if n == 1 {
        "1 employee".to_string()
    } else {
        format!("{n} employees")
    }
}

/// The first letter in upper case: "bank accounts" → "Bank accounts".
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
