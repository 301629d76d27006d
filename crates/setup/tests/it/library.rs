//! The product library, each profile held to what an admin would do with it: grant exactly its list
//! in a company, run Test connection, and see it ready — then take one permission away and see
//! that permission named, by its label, as missing.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use hibob::Client;
use hibob_sim::{Access, PermissionGroup, Preset, SimConfig, SimServer};
use setup::{Catalog, CheckStatus, Profile, Verdict, Verify};
use test_support::started;

fn products(catalog: &Catalog) -> Vec<Profile> {
    Profile::builtins(catalog)
        .unwrap()
        .into_iter()
        .filter(|p| p.product.is_some())
        .collect()
}

#[test]
fn the_library_names_a_dated_source_for_each_of_at_least_twelve_products() {
    let catalog = Catalog::builtin().unwrap();
    let products = products(&catalog);
    assert!(products.len() >= 12, "{} products", products.len());
    let mut categories = BTreeSet::new();
    for profile in &products {
        let product = profile.product.as_ref().unwrap();
        categories.insert(product.category);
        assert!(!product.sources.is_empty(), "{}", profile.id);
        for source in &product.sources {
            assert!(
                source.url.starts_with("https://"),
                "{}: {}",
                profile.id,
                source.url
            );
        }
        for permission in &profile.permissions {
            assert!(
                catalog.get(&permission.id).is_some(),
                "{}: {}",
                profile.id,
                permission.id
            );
        }
        assert!(
            !profile.required_statuses(&catalog).is_empty(),
            "{} names whose data it needs",
            profile.id
        );
        assert!(profile.mapping.iter().any(|m| m.required), "{}", profile.id);
    }
    // Not one kind of product: the spread admins meet.
    assert!(categories.len() >= 6, "{categories:?}");
    // The generic profiles stay.
    for id in ["directory", "hr-core", "unified"] {
        assert!(Profile::builtin(id, &catalog).is_ok(), "{id}");
    }
}

/// The sim's group for exactly what a profile lists: its permission keys, and a Lifecycle status
/// condition with its statuses. Everything the sim has no key for must be something Test
/// connection cannot check in this company anyway (an edit, an upload, a Features item, a section
/// the company lacks): otherwise a gap hides.
fn group_for(profile: &Profile, catalog: &Catalog, fields: &[hibob::FieldMeta]) -> PermissionGroup {
    let known: BTreeSet<String> = PermissionGroup::keys().into_iter().collect();
    let mut grants = BTreeSet::new();
    for wanted in &profile.permissions {
        let permission = catalog.get(&wanted.id).unwrap();
        match &permission.verify {
            Verify::Lifecycle(_) => {}
            _ if known.contains(&wanted.id) => {
                grants.insert(wanted.id.clone());
            }
            _ if permission.cannot_check(Some(fields)).is_some() => {}
            other => panic!(
                "{}: {} is checked live ({other:?}) but the simulated company has no such permission",
                profile.id, wanted.id
            ),
        }
    }
    let statuses = profile
        .required_statuses(catalog)
        .into_iter()
        .map(|s| serde_json::from_value(serde_json::json!(s.id())).unwrap())
        .collect();
    serde_json::from_value(serde_json::json!({
        "name": profile.name,
        "grants": grants,
        "access": Access::LifecycleStatuses(statuses),
    }))
    .unwrap()
}

async fn test_connection(
    sim: &SimServer,
    profile: &Profile,
    catalog: &Catalog,
) -> setup::Diagnosis {
    crate::diagnosis_presets::test_connection_as(
        sim,
        profile,
        catalog,
        &sim.service_user_id(),
        &sim.token(),
    )
    .await
}

#[tokio::test]
async fn each_product_is_ready_with_exactly_its_list_and_names_a_label_taken_away() {
    let catalog = Catalog::builtin().unwrap();
    // Two tests per product: more people searches a minute than HiBob's limit, which is not
    // what this test is about.
    let sim = started(
        SimConfig::preset(Preset::Full)
            .employees(60)
            .rate_limit_per_minute(None),
    )
    .await;
    let user = sim.service_user_id();
    let fields = Client::new(
        &sim.base_url().parse().unwrap(),
        hibob::Credentials::new(user.clone(), sim.token()),
    )
    .unwrap()
    .fields_metadata()
    .await
    .unwrap();
    for profile in products(&catalog) {
        let group = group_for(&profile, &catalog, &fields);
        sim.set_permissions(&user, Some(group.clone())).unwrap();
        let diagnosis = test_connection(&sim, &profile, &catalog).await;
        let missing: Vec<&str> = diagnosis
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Missing)
            .map(|c| c.permission.as_str())
            .collect();
        assert_eq!(
            missing,
            Vec::<&str>::new(),
            "{}: {:?}",
            profile.id,
            diagnosis
                .checks
                .iter()
                .filter(|c| c.status == CheckStatus::Missing)
                .map(|c| &c.evidence)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            diagnosis.verdict,
            Verdict::Ready,
            "{}: {:?}",
            profile.id,
            diagnosis.warnings
        );

        // Take away the first permission the test can see, and it is named by its label.
        let taken = profile
            .permissions
            .iter()
            .find(|p| group.grants.contains(&p.id))
            .unwrap();
        sim.revoke(&user, &taken.id).unwrap();
        let diagnosis = test_connection(&sim, &profile, &catalog).await;
        assert_eq!(
            diagnosis.verdict,
            Verdict::PermissionsMissing,
            "{}",
            profile.id
        );
        let check = diagnosis
            .checks
            .iter()
            .find(|c| c.permission == taken.id)
            .unwrap();
        assert_eq!(
            check.status,
            CheckStatus::Missing,
            "{}: {}",
            profile.id,
            taken.id
        );
        assert_eq!(check.label, catalog.get(&taken.id).unwrap().label);
    }
}
