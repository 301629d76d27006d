//! The real OS credential store. On Linux this is the Secret Service: the test command runs the
//! suite inside a D-Bus session with an unlocked gnome-keyring, as a desktop session would.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hibob_setup_app::secrets::{Keychain, SecretStore};

#[test]
fn the_token_round_trips_through_the_os_credential_store() {
    let key = format!("test:{}", std::process::id());
    let token = "S3cretTokenForTheKeychainTest0123456789";
    let keychain = Keychain::default();
    keychain
        .set(&key, token)
        .expect("the credential store accepts the token");
    // A fresh lookup, as after a restart of the app.
    assert_eq!(keychain.get(&key).unwrap().as_deref(), Some(token));
    keychain.delete(&key).unwrap();
    assert_eq!(keychain.get(&key).unwrap(), None);
    // Forgetting twice is not an error.
    keychain.delete(&key).unwrap();
}
