// UI-only helpers for the Sync now preview: wording and lists. No HiBob knowledge here.
import type { SyncProgress } from "$lib/bindings";

const numberFormat = new Intl.NumberFormat("en-US");

/** 10000 → "10,000". */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** The status line under the progress bar. */
export function progressText(p: SyncProgress): string {
  switch (p.phase) {
    case "fetching":
      return p.fetched > 0 ? `Fetching employees… ${formatNumber(p.fetched)} received` : "Fetching employees…";
    case "validating":
      return `Checking ${formatNumber(p.mapped)} mapped records…`;
    case "done":
      return "Finishing…";
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Unix seconds → "24 Nov 2026 10:41", in local time. */
export function formatWhen(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Names for employee ids, in order; ids without a known name stay ids. */
export function namesOf(ids: string[], names: Partial<Record<string, string>>): string[] {
  return ids.map((id) => {
    const name = names[id];
    return name ? `${name} (${id})` : id;
  });
}

/** Whether a record matches the search text: by name, id or any value the admin can see. */
/** The first `limit` items, and how many more there are (for "and N more"). */
export function shown<T>(items: T[], limit: number): { items: T[]; more: number } {
  return { items: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
