// Typed wrappers around the Tauri commands. Every command rejects with an ErrorReport;
// anything else (a bug, a missing command) is turned into one so the UI never shows raw values.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AppInfo,
  BuilderChoices,
  BuiltProfile,
  CredentialFeedback,
  CredentialStatus,
  Diagnosis,
  ErrorReport,
  ExportFormat,
  ExportOutcome,
  HibobPage,
  ProfileChecklist,
  ProfileDraft,
  ProfileSummary,
  Progress,
  RecordsPage,
  RecordsQuery,
  SyncProgress,
  SyncResult,
  Waiting,
} from "$lib/bindings";

export function isErrorReport(value: unknown): value is ErrorReport {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && typeof v.message === "string" && typeof v.hint === "string";
}

/** Whatever a command rejected with, as something the UI can show (message + hint). */
export function toErrorReport(error: unknown): ErrorReport {
  if (isErrorReport(error)) return error;
  return {
    kind: "unexpected",
    message: "Something went wrong inside HiBob Setup.",
    hint: "Try again. If it keeps happening, restart the app.",
  };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toErrorReport(error);
  }
}

export const appInfo = () => call<AppInfo>("app_info");
export const loadProgress = () => call<Progress>("load_progress");
export const saveProgress = (progress: Progress) => call<null>("save_progress", { progress });
export const profileChecklist = (profile: string) => call<ProfileChecklist>("profile_checklist", { profile });
export const listProfiles = () => call<ProfileSummary[]>("list_profiles");
/** The company's fields for the profile builder; reads them from HiBob if no test has yet. */
export const builderChoices = () => call<BuilderChoices>("builder_choices");
export const buildProfile = (draft: ProfileDraft) => call<BuiltProfile>("build_profile", { draft });
export const saveBuiltProfile = (draft: ProfileDraft) => call<ProfileSummary>("save_built_profile", { draft });
/** Rust shows the open dialog; `null` means the admin cancelled it. */
export const importProfile = () => call<ProfileSummary | null>("import_profile");
export const exportProfile = (profile: string) => call<ExportOutcome>("export_profile", { profile });
/** The checklist and the steps in HiBob for the HiBob admin, saved where the person chooses. */
export const exportHandoff = () => call<ExportOutcome>("export_handoff");
export const reviewCredentials = (serviceUserId: string, token: string) =>
  call<CredentialFeedback>("review_credentials", { serviceUserId, token });
export const saveCredentials = (serviceUserId: string, token: string, sessionOnly: boolean) =>
  call<CredentialStatus>("save_credentials", { serviceUserId, token, sessionOnly });
export const credentialStatus = () => call<CredentialStatus>("credential_status");
export const forgetCredentials = () => call<CredentialStatus>("forget_credentials");
/** Test connection; `onWait` hears of each wait HiBob imposes, and `null` when it is over. */
export function testConnection(onWait: (waiting: Waiting | null) => void = () => {}): Promise<Diagnosis> {
  const channel = new Channel<Waiting | null>();
  channel.onmessage = onWait;
  return call<Diagnosis>("test_connection", { onWait: channel });
}
export const demoGrant = (permission: string) => call<null>("demo_grant", { permission });
export const openHibob = (page: HibobPage) => call<null>("open_hibob", { page });
/** Shows the folder of the last export in the file manager (the backend knows which). */
export const openExportFolder = () => call<null>("open_export_folder");

/** Sync now (preview): `onProgress` gets each step; rejects with kind "cancelled" after `cancelSync`. */
export function syncNow(onProgress: (progress: SyncProgress) => void): Promise<SyncResult> {
  const channel = new Channel<SyncProgress>();
  channel.onmessage = onProgress;
  return call<SyncResult>("sync_now", { onProgress: channel });
}
export const cancelSync = () => call<null>("cancel_sync");
/** Rust asks where to save; `path: null` means the admin cancelled the dialog. */
/** A page of the last Sync now's records, searched and narrowed as `query` says. */
export const previewRecords = (query: RecordsQuery) => call<RecordsPage>("preview_records", { query });
export const exportPreview = (format: ExportFormat) => call<ExportOutcome>("export_preview", { format });
export const exportReport = (includeEmployeeIds: boolean) =>
  call<ExportOutcome>("export_report", { includeEmployeeIds });

/** Whether a rejection means the admin cancelled (a calm note, not an error). */
export const isCancelled = (error: ErrorReport) => error.kind === "cancelled";
