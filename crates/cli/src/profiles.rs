//! `hibob-setup profiles`: the built-in profiles, with the ID `--profile` takes and each one's source.

use setup::{Catalog, Profile};

use crate::exit::Exit;

pub fn run(json: bool) -> Exit {
    let profiles = match Catalog::builtin().and_then(|catalog| Profile::builtins(&catalog)) {
        Ok(profiles) => profiles,
        Err(error) => {
            crate::report_error(&error, json);
            return Exit::Usage;
        }
    };
    if json {
        let summaries: Vec<_> = profiles.iter().map(Profile::summary).collect();
        match serde_json::to_string_pretty(&summaries) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("The list could not be written as JSON: {e}"),
        }
    } else {
        print!("{}", table(&profiles));
    }
    Exit::Ready
}

/// One row per profile: ID, product, kind, and the guide it follows (the first, if several).
fn table(profiles: &[Profile]) -> String {
    let rows: Vec<[String; 4]> = profiles
        .iter()
        .map(|profile| match &profile.product {
            Some(product) => [
                profile.id.clone(),
                profile.name.clone(),
                product.category.name().to_string(),
                product
                    .sources
                    .first()
                    .map(|source| format!("{} (read {})", source.url, source.read))
                    .unwrap_or_default(),
            ],
            None => [
                profile.id.clone(),
                profile.name.clone(),
                "Generic".to_string(),
                "-".to_string(),
            ],
        })
        .collect();
    let header = ["ID", "PRODUCT", "KIND", "SOURCE"].map(String::from);
    let widths: Vec<usize> = (0..3)
        .map(|column| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (column, width) in widths.iter().enumerate() {
            out.push_str(&format!("{:<width$}  ", row[column], width = *width));
        }
        out.push_str(&row[3]);
        out.push('\n');
    }
    out.push_str("\nUse an ID with --profile, for example: hibob-setup check --profile ");
    out.push_str(profiles.first().map_or("directory", |p| p.id.as_str()));
    out.push('\n');
    out
}
