// UI-only display helpers: the UI's own words for enum values, lookups over names Rust sends, and
// grouping. No HiBob knowledge lives here.
import type {
  CheckStatus,
  Diagnosis,
  EnvironmentChoice,
  EnvironmentOption,
  Labelled,
  LifecycleStatus,
  Tab,
  TokenStorage,
} from "$lib/bindings";

export const STATUS_NAMES: Record<CheckStatus, string> = {
  granted: "Granted",
  missing: "Missing",
  unverifiable: "Confirm in HiBob",
};

export const STORAGE_NAMES: Record<TokenStorage, string> = {
  none: "No credentials stored",
  keychain: "Stored in this computer's credential store",
  session: "Kept for this session only (forgotten when the app closes)",
  demo: "Demo company credentials (filled in automatically)",
};

/** The header's name for an environment: its label from the guide, with the host of a custom address. */
export function environmentName(env: EnvironmentChoice, options: EnvironmentOption[]): string {
  const label = options.find((o) => o.kind === env.kind)?.label ?? env.kind;
  if (env.kind !== "custom") return label;
  const host = hostOf(env.url);
  return host ? `${label}: ${host}` : label;
}

/** Lifecycle status names as Rust sends them, by id. */
export type LifecycleNames = Partial<Record<LifecycleStatus, string>>;

export function lifecycleNames(labelled: Labelled<LifecycleStatus>[]): LifecycleNames {
  return Object.fromEntries(labelled.map((s) => [s.id, s.label]));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.trim();
  }
}

/** A view type: items that share a tab and area, in first-seen order. */
export interface TabAreaGroup<T> {
  key: string;
  tab: Tab;
  area: string;
  items: T[];
}

export function groupByTabArea<T extends { tab: Tab; area: string }>(items: T[]): TabAreaGroup<T>[] {
  const groups = new Map<string, TabAreaGroup<T>>();
  for (const item of items) {
    const key = `${item.tab}\u0000${item.area}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, tab: item.tab, area: item.area, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How many checks of a test are granted, missing, and left to confirm in HiBob. */
export function checkCounts(diagnosis: Diagnosis): { granted: number; missing: number; unverifiable: number } {
  const count = (status: CheckStatus) => diagnosis.checks.filter((c) => c.status === status).length;
  return { granted: count("granted"), missing: count("missing"), unverifiable: count("unverifiable") };
}

/** A test's result in one line: the verdict, then the counts. */
export function diagnosisSummary(diagnosis: Diagnosis): string {
  switch (diagnosis.verdict) {
    case "credentials_rejected":
      return "HiBob rejected the credentials.";
    case "unreachable":
      return "HiBob could not be reached.";
    default: {
      const counts = checkCounts(diagnosis);
      const parts: string[] = [];
      if (counts.missing > 0) parts.push(`${counts.missing} missing`);
      parts.push(`${counts.granted} granted`);
      if (counts.unverifiable > 0) parts.push(`${counts.unverifiable} to confirm in HiBob`);
      const lead =
        diagnosis.verdict === "ready"
          ? "Ready: every permission that can be checked is granted. "
          : diagnosis.verdict === "unverified"
            ? "Not verified: nothing is missing, but HiBob's answers could not show this integration's data arriving. "
            : "";
      return `${lead}${parts.join(" · ")}`;
    }
  }
}
