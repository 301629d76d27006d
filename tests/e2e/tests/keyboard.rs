//! The wizard with the keyboard alone, in the real app: from Welcome to an exported preview with
//! Tab, Enter and Space only, each focused control visibly outlined. Prints the number of key
//! presses the walk took.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use e2e::{app_binary, Driver, Session, STEPS_TO_TEST};
use fantoccini::key::Key;
use test_support::Scratch;

/// Keys pressed so far, and the session they go to.
struct Keyboard<'a> {
    s: &'a Session,
    presses: usize,
}

impl Keyboard<'_> {
    async fn press(&mut self, key: Key) {
        let focused = self.s.client.active_element().await.unwrap();
        focused.send_keys(&key.to_string()).await.unwrap();
        self.presses += 1;
    }

    /// The test ID of the focused element, and whether its focus can be seen (an outline or a
    /// focus ring drawn as a shadow).
    async fn focused(&self) -> (String, bool) {
        let answer = self
            .s
            .client
            .execute(
                "const e = document.activeElement;
                 const style = e ? getComputedStyle(e) : null;
                 const visible = !!style && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                   || style.boxShadow !== 'none');
                 return [e?.dataset?.testid ?? '', visible];",
                vec![],
            )
            .await
            .unwrap();
        (
            answer[0].as_str().unwrap_or_default().to_string(),
            answer[1].as_bool().unwrap_or(false),
        )
    }

    /// Tabs forward until the control with this test ID has the focus, and checks that each
    /// control on the way shows it has the focus.
    async fn tab_to(&mut self, id: &str) {
        for _ in 0..200 {
            self.press(Key::Tab).await;
            let (focused, visible) = self.focused().await;
            if !focused.is_empty() {
                assert!(visible, "{focused} has the focus but does not show it");
            }
            if focused == id {
                return;
            }
        }
        panic!("Tab never reached {id}");
    }

    async fn activate(&mut self, id: &str, key: Key) {
        self.tab_to(id).await;
        self.press(key).await;
    }
}

#[tokio::test]
async fn welcome_to_an_exported_preview_with_the_keyboard_alone() {
    let data = Scratch::new("e2e-keyboard");
    let driver = Driver::start(data.path());
    let s = Session::connect(&driver, &app_binary()).await;
    let mut keys = Keyboard { s: &s, presses: 0 };

    s.wait_for_title("Welcome").await;
    // The default product (the user directory sync) and the demo company stay chosen.
    for title in STEPS_TO_TEST {
        keys.activate("next", Key::Enter).await;
        s.wait_for_title(title).await;
    }
    keys.activate("test-connection", Key::Enter).await;
    s.wait_for_status("people.lifecycle.view", "missing", Duration::from_secs(30))
        .await;
    keys.activate("continue-to-sync", Key::Enter).await;
    s.wait_for_title("Preview the sync").await;
    keys.activate("sync-now", Key::Space).await;
    s.by_test_id("sync-summary").await;
    keys.activate("export-csv", Key::Enter).await;
    s.wait_for_text("export-result", "hibob-sync-preview.csv")
        .await;
    assert!(data.path().join("hibob-sync-preview.csv").is_file());

    eprintln!(
        "keyboard walk: Welcome to an exported preview in {} key presses",
        keys.presses
    );
    s.client.close().await.unwrap();
}
