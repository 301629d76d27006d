//! The real app's web view under attack from inside: a script that got into the page cannot run
//! inline code or eval, cannot call Tauri's core APIs (close the window, listen to events, open
//! dialogs), and can call only the app's own commands. And a damaged saved progress file is set
//! aside and announced on the first screen, not silently dropped.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{app_binary, Driver, Session};
use serde_json::Value;
use test_support::Scratch;

/// Runs `body` in the page as an async function; its resolved value comes back.
async fn run(s: &Session, body: &str) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         (async () => {{ {body} }})().then(done, (e) => done('threw: ' + String(e)));"
    );
    s.client.execute_async(&script, vec![]).await.unwrap()
}

#[tokio::test]
async fn the_page_can_reach_only_the_apps_own_commands() {
    let data = Scratch::new("e2e-hardening");
    std::fs::write(
        data.join("progress.json"),
        b"{\"step\": \"permissions\", trunc",
    )
    .unwrap();
    let driver = Driver::start(data.path());
    let s = Session::connect(&driver, &app_binary()).await;

    // The damaged progress is kept aside and the admin is told, on the first screen.
    s.wait_for_title("Welcome").await;
    let notice = s.by_test_id("startup-notices").await.text().await.unwrap();
    assert!(notice.contains("could not be read"), "{notice}");
    assert!(data.join("progress.json.damaged").exists());
    s.screenshot("00-damaged-progress-notice").await;

    // The content security policy: no inline scripts, no eval.
    let inline = run(
        &s,
        "const tag = document.createElement('script');
         tag.textContent = 'window.__inlineRan = true';
         document.head.appendChild(tag);
         await new Promise((r) => setTimeout(r, 100));
         return window.__inlineRan === true ? 'ran' : 'blocked';",
    )
    .await;
    assert_eq!(inline, "blocked");
    let eval = run(
        &s,
        "try { return String(eval('6 * 7')); } catch (e) { return 'blocked'; }",
    )
    .await;
    assert_eq!(eval, "blocked");

    // The capability: the app's commands answer, Tauri's core refuses.
    let info = run(
        &s,
        "const info = await window.__TAURI_INTERNALS__.invoke('app_info');
         return info.version;",
    )
    .await;
    assert!(info.as_str().is_some_and(|v| !v.is_empty()), "{info}");
    for command in [
        "plugin:window|close",
        "plugin:event|listen",
        "plugin:app|version",
        "plugin:dialog|open",
    ] {
        let answer = run(
            &s,
            &format!(
                "try {{ await window.__TAURI_INTERNALS__.invoke('{command}', {{}}); return 'allowed'; }}
                 catch (e) {{ return 'refused: ' + String(e); }}"
            ),
        )
        .await;
        let answer = answer.as_str().unwrap_or_default().to_string();
        assert!(
            answer.starts_with("refused") && answer.contains("not allowed"),
            "{command}: {answer}"
        );
    }
    // Still alive and usable after all that.
    s.click("next").await;
    s.wait_for_title("Create the service user").await;
    s.client.close().await.unwrap();
}
