// Sample backend values for tests, typed with the generated bindings.
import type {
  AppInfo,
  Check,
  Column,
  Diagnosis,
  FieldState,
  MappedRecord,
  Problem,
  ProfileChecklist,
  ProfileSummary,
  Progress,
  RecordsPage,
  RecordsQuery,
  StepId,
  SyncDiff,
  SyncResult,
} from "$lib/bindings";

const stepIds: StepId[] = [
  "welcome",
  "service_user",
  "permission_group",
  "whose_data",
  "permissions",
  "credentials",
  "test",
  "sync",
  "finish",
];

/** A generic profile's summary (no product behind it). */
export function profileSummary(id: string, name: string, description: string): ProfileSummary {
  return { id, name, description, product: null, category_name: null, saved: false };
}

export function appInfo(notices: string[] = []): AppInfo {
  return {
    version: "0.1.0",
    notices,
    profiles: [
      {
        id: "deel",
        name: "Deel",
        description: "Payroll and contracts",
        category_name: "Payroll and employer of record",
        saved: false,
        product: {
          category: "payroll_eor",
          aliases: ["Let's Deel"],
          sources: [{ url: "https://help.example.com/deel-hibob", read: "2026-11-29" }],
          caveats: ["The guide is cut off before its time-off list."],
        },
      },
      profileSummary("directory", "User directory", "Directory sync"),
      profileSummary("hr-core", "HR core", "Salaries and more"),
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
      environments: [
        { kind: "demo", label: "Demo company", description: "A simulated company." },
        { kind: "production", label: "Production", description: "Your company's HiBob." },
        { kind: "sandbox", label: "Sandbox", description: "Your company's sandbox." },
        { kind: "custom", label: "Custom URL", description: "Another address." },
      ],
    },
    lifecycle_statuses: [
      { id: "hired", label: "Hired" },
      { id: "employed", label: "Employed" },
      { id: "terminated", label: "Terminated" },
      { id: "garden_leave", label: "Garden leave" },
      { id: "leave", label: "Leave" },
      { id: "parental_leave", label: "Parental leave" },
    ],
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
    profile: profileSummary("directory", "User directory", "Directory sync"),
    statuses: [
      { id: "hired", label: "Hired" },
      { id: "employed", label: "Employed" },
      { id: "garden_leave", label: "Garden leave" },
    ],
    groups: [
      {
        tab: "People's data",
        area: "Work",
        items: [
          {
            permission: "work.view",
            section: "Work",
            label: "View selected employees' Work sections",
            other_wordings: ["View selected employee's Work sections"],
            why: "Titles and departments",
            unlocks: "Job title, department",
            cannot_check: null,
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
            other_wordings: [],
            why: "Files",
            unlocks: "",
            cannot_check: "Checking an upload permission would mean adding a document.",
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
    field_fixes: [],
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
    field_level_permissions: false,
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

/** A Sync now result of `n` employees: E4 has an empty department, E5 a withheld one, E7 is blocked. */
export function syncResult(
  n = 120,
  overrides: { diff?: Partial<SyncDiff>; problems?: Problem[]; notices?: string[] } = {},
): SyncResult {
  const columns: Column[] = [
    { target: "full_name", source: "displayName", kind: "text", required: true, sensitive: false },
    { target: "email", source: "email", kind: "email", required: true, sensitive: false },
    { target: "department", source: "work.department", kind: "text", required: false, sensitive: false },
    { target: "salary", source: "payroll.salary", kind: "text", required: false, sensitive: true },
  ];
  const records = syncRecords(n);
  const problems: Problem[] = overrides.problems ?? [
    {
      kind: "invalid_email",
      blocking: true,
      column: "email",
      message: "1 email address is not valid.",
      hint: "Correct it in HiBob.",
      employee_ids: ["E7"],
      grant: null,
    },
    {
      kind: "field_withheld",
      blocking: false,
      column: "department",
      message: "HiBob withheld department.",
      hint: "Grant “View selected employees’ Work sections” (People › Work).",
      employee_ids: [],
      grant: {
        permission: "people.work.view",
        label: "View selected employees’ Work sections",
        fix: "Grant “View selected employees’ Work sections” (People › Work).",
        fix_step: "permissions",
      },
    },
    {
      kind: "manager_not_visible",
      blocking: false,
      column: null,
      message: "12 managers are not visible.",
      hint: "Widen whose data the service user sees.",
      employee_ids: Array.from({ length: 12 }, (_, k) => `E${k + 10}`),
      grant: null,
    },
  ];
  return {
    preview: {
      profile: "directory",
      columns,
      problems,
      coverage: [
        { target: "full_name", filled: n, empty: 0, withheld: 0, percent: 100 },
        { target: "department", filled: n - 2, empty: 1, withheld: 1, percent: ((n - 2) / n) * 100 },
      ],
      teams: [
        { name: "Sales", members: 60 },
        { name: "Engineering", members: 1 },
      ],
      tables: [
        { table: "work", name: "Work history", withheld: false, employees: n, rows: n * 2, restricted_columns: [] },
        {
          table: "salaries",
          name: "Salary history",
          withheld: true,
          employees: 0,
          rows: 0,
          restricted_columns: [],
        },
      ],
      counts: { employees: n, ready: n - 1, blocked: 1 },
      stats: { body_bytes: 20480, transfer_ms: 300, parse_ms: 20, process_ms: 10 },
      field_level_permissions: false,
    },
    records: pageOf(records, columns, problems, { search: "", problem: null, reveal_sensitive: false, page: 0 }),
    names: Object.fromEntries(records.map((r) => [r.employee_id, r.display_name])),
    diff: {
      previous_at: null,
      new: [],
      changed: [],
      left: [],
      unchanged: 0,
      departure_warning: null,
      out_of_view: [],
      out_of_view_warning: null,
      ...overrides.diff,
    },
    notices: overrides.notices ?? [],
  };
}

/** The records of `syncResult(n)`: E4 has an empty department, E5 a withheld one, E7 is blocked. */
export function syncRecords(n: number): MappedRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const department: FieldState =
      i === 4
        ? { state: "empty" }
        : i === 5
          ? { state: "withheld" }
          : { state: "value", value: i % 2 ? "Sales" : "Engineering" };
    return {
      employee_id: `E${i}`,
      display_name: `Person ${i}`,
      lifecycle: "employed",
      fields: [
        { state: "value", value: `Person ${i}` },
        { state: "value", value: i === 7 ? "not-an-email" : `person${i}@example.com` },
        department,
        { state: "value", value: String(50000 + i) },
      ],
      blocked: i === 7,
    };
  });
}

const FIXTURE_PAGE_SIZE = 50;

/** A stand-in for the app's `preview_records` (Rust's `sync::records`), over fixture records. */
export function pageOf(
  records: MappedRecord[],
  columns: Column[],
  problems: Problem[],
  query: RecordsQuery,
): RecordsPage {
  const needle = query.search.trim().toLowerCase();
  const only = query.problem
    ? new Set(
        problems
          .filter((p) => p.kind === query.problem!.kind && p.column === query.problem!.column)
          .flatMap((p) => p.employee_ids),
      )
    : null;
  const matching = records.filter(
    (r) =>
      (!only || only.has(r.employee_id)) &&
      (!needle ||
        r.display_name.toLowerCase().includes(needle) ||
        r.employee_id.toLowerCase().includes(needle) ||
        r.fields.some(
          (f, i) =>
            f.state === "value" &&
            (query.reveal_sensitive || !columns[i]?.sensitive) &&
            f.value.toLowerCase().includes(needle),
        )),
  );
  const pages = Math.max(1, Math.ceil(matching.length / FIXTURE_PAGE_SIZE));
  const page = Math.min(query.page, pages - 1);
  return {
    rows: matching.slice(page * FIXTURE_PAGE_SIZE, (page + 1) * FIXTURE_PAGE_SIZE),
    matching: matching.length,
    total: records.length,
    page,
    pages,
  };
}

/** `preview_records` for a `syncResult(n)`. */
export function recordsPage(result: SyncResult, query: RecordsQuery): RecordsPage {
  return pageOf(syncRecords(result.preview.counts.employees), result.preview.columns, result.preview.problems, query);
}
