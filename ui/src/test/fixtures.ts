// Sample backend values for tests, typed with the generated bindings.
import type { AppInfo } from "../lib/bindings/AppInfo";
import type { Check } from "../lib/bindings/Check";
import type { Diagnosis } from "../lib/bindings/Diagnosis";
import type { ProfileChecklist } from "../lib/bindings/ProfileChecklist";
import type { Progress } from "../lib/bindings/Progress";
import type { StepId } from "../lib/bindings/StepId";

const stepIds: StepId[] = ["welcome", "service_user", "permission_group", "whose_data", "permissions", "credentials", "test"];

export function appInfo(): AppInfo {
  return {
    version: "0.1.0",
    profiles: [
      { id: "directory", name: "User directory", description: "Directory sync" },
      { id: "hr-core", name: "HR core", description: "Salaries and more" },
    ],
    guide: {
      steps: stepIds.map((id) => ({
        id,
        title: `Title of ${id}`,
        summary: `Summary of ${id}`,
        instructions: [`First do ${id}`, `Then finish ${id}`],
        callouts: [{ kind: "warning", text: `Careful with ${id}` }],
        links: id === "service_user" ? [{ label: "Open HiBob", page: "home" }] : [],
      })),
    },
  };
}

export function progress(overrides: Partial<Progress> = {}): Progress {
  return {
    step: "welcome",
    profile: "directory",
    environment: { kind: "demo" },
    service_user_id: null,
    visited: ["welcome"],
    ...overrides,
  };
}

export function checklist(): ProfileChecklist {
  return {
    profile: { id: "directory", name: "User directory", description: "Directory sync" },
    statuses: ["hired", "employed", "garden_leave"],
    groups: [
      {
        tab: "People's data",
        area: "Work",
        items: [
          {
            permission: "work.view",
            section: "Work",
            label: "View selected employees' Work sections",
            why: "Titles and departments",
            unlocks: "Job title, department",
            verifiable: true,
          },
        ],
      },
      {
        tab: "Features",
        area: "Documents",
        items: [
          {
            permission: "docs.upload",
            section: "Documents",
            label: "Upload documents to shared folders",
            why: "Files",
            unlocks: "",
            verifiable: false,
          },
        ],
      },
    ],
  };
}

export function check(overrides: Partial<Check> & Pick<Check, "permission" | "status">): Check {
  return {
    label: `Label ${overrides.permission}`,
    tab: "People's data",
    area: "Work",
    section: "Work",
    evidence: `Evidence for ${overrides.permission}`,
    fix: `Tick ${overrides.permission} in Permissions`,
    fix_step: "permissions",
    why: "Because",
    ...overrides,
  };
}

export function diagnosis(checks: Check[], overrides: Partial<Diagnosis> = {}): Diagnosis {
  const missing = checks.some((c) => c.status === "missing");
  return {
    verdict: missing ? "permissions_missing" : "ready",
    profile: "directory",
    environment: "Demo company",
    auth: { status: "accepted", message: "Signed in as the service user.", error: null, likely_causes: [] },
    checks,
    lifecycle: {
      visible: 120,
      active: 100,
      statuses_readable: true,
      counts: { employed: 100, terminated: 20 },
      warnings: ["Nobody with status Hired is visible."],
    },
    warnings: ["General warning"],
    stats: { requests: 5, round_trips: 3, elapsed_ms: 420 },
    ...overrides,
  };
}
