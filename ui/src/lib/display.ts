// UI-only display helpers: names for enum values and grouping. No HiBob knowledge lives here.
import type { CheckStatus, EnvironmentChoice, HistoryTable, LifecycleStatus, Tab, TokenStorage } from "$lib/bindings";

export const LIFECYCLE_NAMES: Record<LifecycleStatus, string> = {
  hired: "Hired",
  employed: "Employed",
  terminated: "Terminated",
  garden_leave: "Garden leave",
  leave: "Leave",
  parental_leave: "Parental leave",
};

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

export function environmentName(env: EnvironmentChoice): string {
  switch (env.kind) {
    case "demo":
      return "Demo company";
    case "production":
      return "Production";
    case "sandbox":
      return "Sandbox";
    case "custom": {
      const host = hostOf(env.url);
      return host ? `Custom: ${host}` : "Custom URL";
    }
  }
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

export const TABLE_NAMES: Record<HistoryTable, string> = {
  work: "Work history",
  employment: "Employment history",
  lifecycle: "Lifecycle history",
  salaries: "Salary history",
};
