//! What the admin takes away: the last Sync now as CSV or JSON, and the setup report for the
//! vendor's support. Both go where the admin chose and are written atomically.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use setup::diagnosis::Diagnosis;
use setup::history::SyncDiff;
use setup::ipc::ExportFormat;
use setup::sync::Preview;
use setup::{export, fs, Result, SetupError};

use super::{lock, AppState};

/// The last results of this run, and the file last written.
#[derive(Default)]
pub(super) struct LastRun {
    pub diagnosis: Option<Diagnosis>,
    /// Shared with the record pages the screen asks for, never copied.
    pub preview: Option<Arc<Preview>>,
    /// The last Sync now's comparison with the one before (its warning goes in the report).
    pub diff: Option<SyncDiff>,
    /// Its folder is what "Open folder" shows.
    pub export: Option<PathBuf>,
}

impl AppState {
    /// Fails, before any save dialog is shown, when there is nothing to export.
    pub fn ensure_preview(&self) -> Result<()> {
        self.last_preview().map(|_| ())
    }

    /// The last Sync now's preview, records and all (exports, the setup report, record pages).
    pub fn last_preview(&self) -> Result<Arc<Preview>> {
        lock(&self.last)
            .preview
            .clone()
            .ok_or(SetupError::NothingToExport)
    }

    /// Writes the last Sync now's preview to `path`; returns how many records it holds.
    pub fn export_preview(&self, format: ExportFormat, path: &Path) -> Result<usize> {
        let preview = self.last_preview()?;
        let bytes = match format {
            ExportFormat::Csv => export::csv(&preview)?.into_bytes(),
            ExportFormat::Json => {
                serde_json::to_vec_pretty(&preview).map_err(|e| SetupError::Unwritable {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                })?
            }
        };
        fs::write_atomically(path, &bytes)?;
        lock(&self.last).export = Some(path.to_path_buf());
        Ok(preview.records.len())
    }

    /// The setup report for the vendor's support: the last Test connection and Sync now, no
    /// token, employee IDs only when asked for.
    pub fn setup_report(&self, include_employee_ids: bool) -> Result<String> {
        self.ensure_report()?;
        let last = lock(&self.last);
        Ok(setup::setup_report::SetupReport {
            app_version: env!("CARGO_PKG_VERSION"),
            diagnosis: last.diagnosis.as_ref(),
            preview: last.preview.as_deref(),
            diff: last.diff.as_ref(),
            include_employee_ids,
        }
        .to_string())
    }

    /// Fails, before any save dialog is shown, when neither check has run yet.
    pub fn ensure_report(&self) -> Result<()> {
        let last = lock(&self.last);
        if last.diagnosis.is_none() && last.preview.is_none() {
            return Err(SetupError::NothingToReport);
        }
        Ok(())
    }

    /// Writes the setup report to `path`.
    pub fn export_report(&self, path: &Path, include_employee_ids: bool) -> Result<()> {
        let report = self.setup_report(include_employee_ids)?;
        fs::write_atomically(path, report.as_bytes())?;
        lock(&self.last).export = Some(path.to_path_buf());
        Ok(())
    }

    /// The folder of the last export this run.
    pub fn export_folder(&self) -> Result<PathBuf> {
        lock(&self.last)
            .export
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .ok_or(SetupError::NothingExported)
    }
}

impl AppState {
    /// The chosen profile's checklist and the steps in HiBob, for the HiBob admin: Markdown, no
    /// credential (built from the guide and the checklist alone).
    pub fn export_handoff(&self, path: &Path) -> Result<()> {
        let profile = self.progress().profile;
        let checklist = self.checklist(&profile)?;
        let text = setup::handoff::admin_handoff(
            &setup::Guide::builtin()?,
            &checklist,
            env!("CARGO_PKG_VERSION"),
        );
        fs::write_atomically(path, text.as_bytes())?;
        lock(&self.last).export = Some(path.to_path_buf());
        Ok(())
    }
}
