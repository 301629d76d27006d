//! The wizard at a small window (800×600) and a large one (1600×1000): on every step nothing
//! runs off the side of the window, the Back and Next buttons are whole and in view, and no item of
//! a list in columns is split between two; wide tables scroll inside their own box. Screenshots:
//! artifacts/e2e/15-*.png.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::{app_binary, Driver, Session, STEPS_TO_TEST};
use test_support::Scratch;

/// What runs past the window's right or bottom edge: the page itself, or a footer button.
async fn clipped(s: &Session) -> Vec<String> {
    let answer = s
        .client
        .execute(
            "const problems = [];
             const width = window.innerWidth, height = window.innerHeight;
             if (document.documentElement.scrollWidth > width + 1) {
               problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
             }
             for (const id of ['back', 'next']) {
               const r = document.querySelector(`[data-testid=${id}]`).getBoundingClientRect();
               if (r.left < 0 || r.right > width + 1 || r.bottom > height + 1 || r.top < 0) {
                 problems.push(`${id} is at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
               }
             }
             // An item of a list laid out in columns must stay in one column.
             for (const item of document.querySelectorAll('.team-list li')) {
               if (item.getClientRects().length > 1) problems.push(`“${item.textContent.trim()}” is split across columns`);
             }
             return problems;",
            vec![],
        )
        .await
        .unwrap();
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

async fn walk(s: &Session, size: &str, found: &mut Vec<String>) {
    let steps = std::iter::once("Welcome").chain(STEPS_TO_TEST);
    for (n, title) in steps.enumerate() {
        if n > 0 {
            s.click("next").await;
        }
        s.wait_for_title(title).await;
        if n == 0 {
            // HR core reads history tables, which the demo company partly withholds: the
            // longest lines of the preview.
            s.click("profile-hr-core").await;
        }
        found.extend(
            clipped(s)
                .await
                .into_iter()
                .map(|p| format!("{size} {title}: {p}")),
        );
    }
    s.click("test-connection").await;
    s.by_test_id("diagnosis-summary").await;
    found.extend(
        clipped(s)
            .await
            .into_iter()
            .map(|p| format!("{size} test result: {p}")),
    );
    s.screenshot(&format!("15-{size}-test")).await;
    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.click("sync-now").await;
    s.by_test_id("sync-table").await;
    found.extend(
        clipped(s)
            .await
            .into_iter()
            .map(|p| format!("{size} sync result: {p}")),
    );
    s.scroll_to("sync-table").await;
    s.screenshot(&format!("15-{size}-sync")).await;
    s.click("next").await;
    s.wait_for_title("Finish").await;
    found.extend(
        clipped(s)
            .await
            .into_iter()
            .map(|p| format!("{size} Finish: {p}")),
    );
    s.screenshot(&format!("15-{size}-finish")).await;
}

#[tokio::test]
async fn every_step_fits_a_small_and_a_large_window() {
    let mut found = Vec::new();
    for (width, height) in [(800, 600), (1600, 1000)] {
        let data = Scratch::new("e2e-window-sizes");
        let driver = Driver::start(data.path());
        let s = Session::connect(&driver, &app_binary()).await;
        s.client.set_window_size(width, height).await.unwrap();
        walk(&s, &format!("{width}x{height}"), &mut found).await;
        s.client.close().await.unwrap();
    }
    assert!(found.is_empty(), "clipped:\n{}", found.join("\n"));
}
