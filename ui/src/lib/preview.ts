// UI-only helpers for the Sync now preview: wording, search and paging. No HiBob knowledge here.
import type { Column, MappedRecord, SyncProgress } from "$lib/bindings";

export const PAGE_SIZE = 50;

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

/** Names for employee ids, in order; ids not among the records stay ids. */
export function namesOf(ids: string[], byId: Map<string, MappedRecord>): string[] {
  return ids.map((id) => {
    const name = byId.get(id)?.display_name;
    return name ? `${name} (${id})` : id;
  });
}

/** Whether a record matches the search text: by name, id or any value the admin can see. */
export function matches(record: MappedRecord, columns: Column[], query: string, revealed: boolean): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (record.display_name.toLowerCase().includes(q) || record.employee_id.toLowerCase().includes(q)) return true;
  return record.fields.some((field, i) => {
    if (field.state !== "value") return false;
    // Searching masked values would reveal them one guess at a time.
    if (columns[i]?.sensitive && !revealed) return false;
    return field.value.toLowerCase().includes(q);
  });
}

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The first `limit` items, and how many more there are (for "and N more"). */
export function shown<T>(items: T[], limit: number): { items: T[]; more: number } {
  return { items: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
