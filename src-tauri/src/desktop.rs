//! The only ways the app reaches outside its window: HiBob's own web pages in the browser, and the
//! folder the admin just exported to in the file manager. Nothing the web view sends is opened:
//! pages are an enum resolved to fixed addresses, and the folder is the one this app wrote to.

use std::path::Path;

use setup::ErrorReport;
use url::Url;

/// Where `open` may send the admin.
pub enum Target<'a> {
    /// One of HiBob's web pages (a fixed https address on hibob.com).
    HibobPage(&'a str),
    /// A folder the app has just written an export into.
    ExportFolder(&'a Path),
}

pub fn open(target: Target<'_>) -> Result<(), ErrorReport> {
    match target {
        Target::HibobPage(address) => {
            if !is_hibob_page(address) {
                return Err(refused(address));
            }
            open::that_detached(address).map_err(|e| ErrorReport {
                kind: "browser_unavailable",
                message: "The web browser could not be opened.".into(),
                hint: format!("Open HiBob yourself at {address} ({e})."),
            })
        }
        Target::ExportFolder(folder) => {
            if !folder.is_dir() {
                return Err(ErrorReport {
                    kind: "folder_missing",
                    message: "The export folder is no longer there.".into(),
                    hint: format!(
                        "It was {}; export again to choose another.",
                        folder.display()
                    ),
                });
            }
            open::that_detached(folder).map_err(|e| ErrorReport {
                kind: "file_manager_unavailable",
                message: "The folder could not be shown.".into(),
                hint: format!("Open {} yourself ({e}).", folder.display()),
            })
        }
    }
}

/// An https address on hibob.com or one of its subdomains, with nothing else in it.
fn is_hibob_page(address: &str) -> bool {
    let Ok(url) = Url::parse(address) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none()
        && (host == "hibob.com" || host.ends_with(".hibob.com"))
}

fn refused(address: &str) -> ErrorReport {
    ErrorReport {
        kind: "not_a_hibob_page",
        message: "HiBob Setup only opens HiBob's own pages.".into(),
        hint: format!("{address} is not one; this is a bug, please report it."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hibobs_own_https_pages_pass() {
        for page in [
            "https://app.hibob.com/",
            "https://app.sandbox.hibob.com/",
            "https://hibob.com/",
        ] {
            assert!(is_hibob_page(page), "{page}");
        }
        for page in [
            "http://app.hibob.com/",
            "https://app.hibob.com.evil.example/",
            "https://evilhibob.com/",
            "https://user@app.hibob.com/",
            "https://app.hibob.com:8443/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "app.hibob.com",
            "",
        ] {
            assert!(!is_hibob_page(page), "{page}");
        }
    }

    #[test]
    fn a_folder_that_is_gone_is_a_report_not_an_attempt() {
        let gone = std::env::temp_dir().join("hibob-setup-no-such-folder-for-sure");
        let error = open(Target::ExportFolder(&gone)).unwrap_err();
        assert_eq!(error.kind, "folder_missing");
    }
}
