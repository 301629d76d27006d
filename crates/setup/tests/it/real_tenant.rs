//! Every built-in profile's checklist held against a real company's field list (captured from a
//! live tenant by a third party; see crates/hibob-sim/README.md): which checks that company makes
//! impossible is known before any test runs.

use std::collections::BTreeSet;

use hibob::FieldMeta;
use setup::{Catalog, Profile, Verify};

fn real_tenant_fields() -> Vec<FieldMeta> {
    serde_json::from_str(include_str!(
        "../../../hibob-sim/data/real-tenant-fields.json"
    ))
    .unwrap()
}

#[test]
fn checks_on_sections_the_company_lacks_are_known_impossible_before_the_test() {
    let fields = real_tenant_fields();
    assert_eq!(fields.len(), 239);
    let categories: BTreeSet<&str> = fields.iter().map(|f| f.category_id.as_str()).collect();
    // What this company has and lacks, as the checks below rely on it.
    for present in [
        "root",
        "work",
        "employment",
        "lifecycle",
        "payroll",
        "personal",
        "rightToWork",
    ] {
        assert!(categories.contains(present), "{present}");
    }
    for absent in ["training", "workEligibility", "financial"] {
        assert!(!categories.contains(absent), "{absent}");
    }
    let catalog = Catalog::builtin().unwrap();
    let mut impossible_here = 0;
    for id in Profile::builtin_ids() {
        let profile = Profile::builtin(&id, &catalog).unwrap();
        let everywhere = profile.checklist(&catalog, None);
        let here = profile.checklist(&catalog, Some(&fields));
        let items = |c: &setup::ProfileChecklist| {
            c.groups
                .iter()
                .flat_map(|g| g.items.clone())
                .collect::<Vec<_>>()
        };
        for (general, local) in items(&everywhere).iter().zip(items(&here)) {
            assert_eq!(general.permission, local.permission);
            let permission = catalog.get(&local.permission).unwrap();
            match &permission.verify {
                Verify::Fields(category) if !categories.contains(category.as_str()) => {
                    impossible_here += 1;
                    let why = local.cannot_check.as_deref().unwrap_or_default();
                    assert!(
                        why.contains("no ") && why.contains(&permission.section),
                        "{id}: {} should be impossible here: {why:?}",
                        local.permission
                    );
                    assert_eq!(general.cannot_check, None, "{}", local.permission);
                }
                Verify::Fields(_) | Verify::Endpoint(_) => {
                    assert_eq!(local.cannot_check, None, "{id}: {}", local.permission)
                }
                Verify::Field(field) => assert_eq!(
                    local.cannot_check.is_some(),
                    !fields.iter().any(|f| &f.id == field),
                    "{id}: {}",
                    local.permission
                ),
                // Never checkable, in any company: the same reason with or without the list.
                Verify::Unverifiable(_) | Verify::Documents(_) => {
                    assert!(local.cannot_check.is_some());
                    assert_eq!(local.cannot_check, general.cannot_check);
                }
                Verify::Lifecycle(_) => unreachable!("statuses are not checklist items"),
            }
        }
    }
    assert!(
        impossible_here > 0,
        "the built-in profiles ask for no section this company lacks"
    );
}

#[test]
fn the_builder_offers_a_real_company_its_own_sections_and_derives_their_checkboxes() {
    use setup::builder::{BuilderChoices, ProfileDraft};

    let fields = real_tenant_fields();
    let catalog = Catalog::builtin().unwrap();
    let choices = BuilderChoices::new(&fields, &catalog, false);
    let offered: usize = choices.groups.iter().map(|g| g.fields.len()).sum();
    assert_eq!(offered, 239, "every field is offered once");
    // Sections a HiBob feature or region brings, which the catalog does not list.
    let inferred: BTreeSet<&str> = choices
        .groups
        .iter()
        .filter(|g| g.custom)
        .map(|g| g.category.as_str())
        .collect();
    assert_eq!(
        inferred,
        BTreeSet::from([
            "jobsCatalog",
            "rightToWork",
            "temporaryAddress",
            "ukTaxSettings"
        ])
    );

    let uk_tax = fields
        .iter()
        .find(|f| f.category_id == "ukTaxSettings")
        .unwrap();
    let draft = ProfileDraft {
        name: "UK payroll".into(),
        reads: vec![uk_tax.id.clone(), "work.title".into()],
        include_inactive: true,
        ..ProfileDraft::default()
    };
    let (profile, built) = draft.build(&fields, &catalog, false).unwrap();
    let items: Vec<&setup::ChecklistItem> = built
        .checklist
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .collect();
    let section = items
        .iter()
        .find(|i| i.permission == "people.custom.ukTaxSettings.view")
        .unwrap();
    assert_eq!(
        section.label,
        format!(
            "View selected employees’ {} sections",
            uk_tax.category_display_name
        )
    );
    // This company has the section, so its check can run.
    assert_eq!(section.cannot_check, None);
    assert!(items.iter().any(|i| i.permission == "people.work.view"));
    assert_eq!(built.checklist.statuses.len(), 6);
    assert_eq!(profile.custom_sections.len(), 1);
}
