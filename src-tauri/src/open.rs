//! The only ways the app reaches outside its window: HiBob's own web pages in the browser, and the
//! folder the admin just exported to in the file manager. Nothing the web view sends is opened:
//! pages are an enum resolved to addresses fixed in the client crate (`'static`: they cannot come
//! from input), and the folder is the one this app wrote to.

use std::path::Path;

use setup::{Result, SetupError};

/// Where `open` may send the admin.
pub enum Target<'a> {
    /// One of HiBob's web pages, as `hibob::Environment::web_app_url` names them.
    HibobPage(&'static str),
    /// A folder the app has just written an export into.
    ExportFolder(&'a Path),
}

pub fn open(target: Target<'_>) -> Result<()> {
    match target {
        Target::HibobPage(address) => {
            open::that_detached(address).map_err(|e| SetupError::BrowserUnavailable {
                address: address.to_string(),
                detail: e.to_string(),
            })
        }
        Target::ExportFolder(folder) => {
            let shown = || folder.display().to_string();
            if !folder.is_dir() {
                return Err(SetupError::ExportFolderMissing { folder: shown() });
            }
            open::that_detached(folder).map_err(|e| SetupError::FileManagerUnavailable {
                folder: shown(),
                detail: e.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_is_gone_is_a_report_not_an_attempt() {
        let gone = std::env::temp_dir().join("hibob-setup-no-such-folder-for-sure");
        let error = open(Target::ExportFolder(&gone)).unwrap_err();
        assert_eq!(error.kind(), setup::error::ErrorKind::ExportFolderMissing);
    }
}
