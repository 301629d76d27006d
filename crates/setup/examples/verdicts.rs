//! Prints Test connection's verdict and every check's evidence for each simulator preset and
//! built-in profile: `cargo run -p setup --example verdicts`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hibob::{Client, Environment};
use hibob_sim::{Preset, SimConfig};
use setup::{diagnose, review, Catalog, Profile};

#[tokio::main]
async fn main() {
    let catalog = Catalog::builtin().unwrap();
    for preset in Preset::ALL {
        let sim = SimConfig::preset(*preset)
            .employees(120)
            .start()
            .await
            .unwrap();
        let environment: Environment = sim.base_url().parse().unwrap();
        for id in Profile::builtin_ids() {
            let profile = Profile::builtin(&id, &catalog).unwrap();
            let credentials = review(&sim.service_user_id(), &sim.token()).unwrap();
            let client = Client::new(&environment, credentials.credentials.clone()).unwrap();
            let diagnosis = diagnose(&client, &environment, &credentials, &profile, &catalog).await;
            println!("## {preset} / {id}: {:?}", diagnosis.verdict);
            for check in &diagnosis.checks {
                println!(
                    "- {} [{:?}] {}",
                    check.permission, check.status, check.evidence
                );
            }
            for warning in diagnosis
                .lifecycle
                .warnings
                .iter()
                .chain(&diagnosis.warnings)
            {
                println!("- note: {warning}");
            }
        }
    }
}
