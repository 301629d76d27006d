//! Every checkbox public setup guides ask admins to tick has a catalog entry, under its label or
//! one of its other wordings, so the app can say where any label an admin was handed sits.

use setup::Catalog;

/// HiBob's editor and the guides print apostrophes both ways and "employee's"/"employees'"
/// interchangeably (docs/hibob-api.md §12): compare without those differences.
fn normal(label: &str) -> String {
    let folded = label
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .replace("employee's", "employees'");
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_string()
}

/// Labels of the admin's own permissions, not the service user's: what the admin needs to create
/// the integration in another product, never part of an integration's checklist.
const ADMIN_SIDE: [&str; 2] = [
    "create/update/delete the integration",
    "manage rest api token",
];

#[test]
fn every_label_public_guides_ask_for_has_an_entry() {
    let guides: serde_json::Value =
        serde_json::from_str(include_str!("guide-labels.json")).unwrap();
    let catalog = Catalog::builtin().unwrap();
    let known: Vec<String> = catalog
        .all()
        .iter()
        .flat_map(|p| std::iter::once(&p.label).chain(&p.other_wordings))
        .map(|l| normal(l))
        .collect();
    let mut unknown = Vec::new();
    let mut checked = 0;
    for guide in guides["guides"].as_array().unwrap() {
        for label in guide["labels"].as_array().unwrap() {
            let printed = label.as_str().unwrap();
            // Docs labels come with their folder ("Shared Docs > View …").
            let label = normal(printed.rsplit('>').next().unwrap_or(printed));
            if ADMIN_SIDE.contains(&label.as_str()) {
                continue;
            }
            checked += 1;
            if !known.contains(&label) {
                unknown.push(format!("{printed} ({})", guide["vendor"].as_str().unwrap()));
            }
        }
    }
    assert!(checked > 100, "{checked} labels checked");
    assert!(
        unknown.is_empty(),
        "no catalog entry for:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn no_wording_names_two_checkboxes() {
    let catalog = Catalog::builtin().unwrap();
    let mut seen = std::collections::HashMap::new();
    for permission in catalog.all() {
        for wording in permission.other_wordings.iter() {
            let previous = seen.insert(normal(wording), &permission.id);
            assert!(
                previous.is_none(),
                "{wording} is given to {previous:?} and {}",
                permission.id
            );
            assert!(
                !catalog
                    .all()
                    .iter()
                    .any(|p| p.id != permission.id && normal(&p.label) == normal(wording)),
                "{wording} is another entry's label"
            );
        }
    }
}
