import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { check, diagnosis, recordsPage, syncResult } from "../../../test/fixtures";
import type { RecordsQuery, SyncProgress, SyncResult } from "$lib/bindings";
import SyncNow from "./SyncNow.svelte";
import SyncStep from "$lib/components/steps/SyncStep.svelte";
import { loadedWizard, renderWithWizard } from "../../../test/wizard";
import type { Wizard } from "$lib/wizard.svelte";

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(),
  Channel: class {
    onmessage: (message: unknown) => void = () => {};
  },
}));
const invokeMock = vi.mocked(invoke);

const ready = diagnosis([check({ permission: "work.view", status: "granted" })]);

/** The backend: sync_now waits to be finished (or cancelled) by the test. */
function backend(result: SyncResult = syncResult()) {
  let send!: (p: SyncProgress) => void;
  let finish!: (r: SyncResult) => void;
  let fail!: (e: unknown) => void;
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = args as Record<string, unknown> | undefined;
    switch (cmd) {
      case "sync_now":
        send = (p) => (a!.onProgress as { onmessage: (p: SyncProgress) => void }).onmessage(p);
        return new Promise((resolve, reject) => {
          finish = resolve as (r: SyncResult) => void;
          fail = reject;
        });
      case "cancel_sync":
        fail({ kind: "cancelled", message: "Sync now was cancelled.", hint: "" });
        return null;
      case "preview_records":
        return recordsPage(result, a!.query as RecordsQuery);
      case "export_preview":
        return { path: `/home/admin/hibob-sync-preview.${a!.format}`, records: result.preview.counts.employees };
      case "open_export_folder":
        return null;
      default:
        throw { kind: "unexpected", message: `unexpected ${cmd}`, hint: "" };
    }
  });
  return {
    send: (p: SyncProgress) => send(p),
    finish: () => finish(result),
    fail: (e: unknown) => fail(e),
  };
}

let lastWizard: Wizard | null = null;
/** The wizard the last `synced` rendered with. */
const wizardOf = () => lastWizard!;

async function synced(result: SyncResult = syncResult()) {
  const b = backend(result);
  lastWizard = loadedWizard({ diagnosis: ready });
  renderWithWizard(SyncNow, lastWizard);
  await fireEvent.click(screen.getByTestId("sync-now"));
  await waitFor(() => expect(invokeMock).toHaveBeenCalledWith("sync_now", expect.anything()));
  b.finish();
  await screen.findByTestId("sync-summary");
  return b;
}

const table = () => screen.getByTestId("sync-table");
const bodyRows = () => within(table()).getAllByRole("row").slice(1);

describe("SyncNow", () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });

  it("is disabled, with a reason, until a test signed in", () => {
    const wizard = loadedWizard({ diagnosis: null });
    renderWithWizard(SyncNow, wizard);
    expect(screen.getByTestId("sync-now")).toBeDisabled();
    expect(screen.getByTestId("sync-now")).toHaveAccessibleDescription(/Run Test connection first/);

    const rejected = diagnosis([], {
      verdict: "credentials_rejected",
      auth: { status: "rejected", message: "No.", error: null, likely_causes: [] },
    });
    wizard.diagnosis = rejected;
    return waitFor(() => {
      expect(screen.getByTestId("sync-now")).toBeDisabled();
      expect(screen.getByTestId("sync-disabled-reason")).toHaveTextContent("did not accept");
    });
  });

  it("shows progress from the channel, announces it, and Cancel calls cancel_sync with a calm note", async () => {
    const b = backend();
    renderWithWizard(SyncStep, loadedWizard({ diagnosis: ready }));
    const button = screen.getByTestId("sync-now");
    expect(button).toBeEnabled();
    await fireEvent.click(button);
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith("sync_now", expect.anything()));
    expect(button).toBeDisabled();
    expect(screen.getByTestId("announcer")).toHaveTextContent("Sync now is running");
    expect(screen.getByTestId("sync-progress")).toHaveTextContent("Fetching employees…");

    b.send({ phase: "fetching", fetched: 3072, mapped: 3072, waiting: null });
    await waitFor(() => expect(screen.getByTestId("sync-progress")).toHaveTextContent("3,072 received"));
    // How many employees HiBob will send is unknown until the end: the bar only says "busy".
    expect(screen.getByTestId("sync-progress").querySelector("progress")!.hasAttribute("value")).toBe(false);

    // HiBob makes the sync wait: a live countdown, gone when the request goes on.
    const waiting = {
      waiting_until: Date.now() + 42_000,
      reason: "HiBob asked us to slow down",
      endpoint: "POST /people/search",
    };
    b.send({ phase: "fetching", fetched: 3072, mapped: 3072, waiting });
    await waitFor(() => expect(screen.getByTestId("sync-wait")).toHaveTextContent(/trying again in 4[12] s/));
    expect(screen.getByTestId("sync-wait")).toHaveAttribute("aria-live", "polite");
    b.send({ phase: "fetching", fetched: 3072, mapped: 3072, waiting: null });
    await waitFor(() => expect(screen.getByTestId("sync-wait")).toHaveTextContent(/^$/));

    await fireEvent.click(screen.getByTestId("sync-cancel"));
    expect(invokeMock).toHaveBeenCalledWith("cancel_sync", undefined);
    expect(await screen.findByTestId("sync-cancelled")).toHaveTextContent("Sync now was cancelled.");
    expect(screen.queryByText("Sync now was cancelled.", { selector: "[role=alert] *" })).toBeNull();
    expect(screen.getByTestId("announcer")).toHaveTextContent("Sync now was cancelled.");
    expect(screen.queryByTestId("sync-progress")).toBeNull();
    expect(screen.queryByTestId("sync-cancel")).toBeNull();
    expect(button).toBeEnabled();
  });

  it("shows any other rejection as an error with its hint", async () => {
    const b = backend();
    renderWithWizard(SyncNow, loadedWizard({ diagnosis: ready }));
    await fireEvent.click(screen.getByTestId("sync-now"));
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith("sync_now", expect.anything()));
    b.fail({ kind: "unreachable", message: "HiBob did not answer.", hint: "Check the network." });
    const message = await screen.findByText("HiBob did not answer.");
    expect(message.closest("[role=alert]")).not.toBeNull();
    expect(screen.queryByTestId("sync-cancelled")).toBeNull();
  });

  it("renders the counts, the first-run note and the problems", async () => {
    await synced();
    expect(screen.getByTestId("sync-summary")).toHaveTextContent(
      "120 employees · 119 would sync as they are · 1 needs fixing",
    );
    expect(screen.getByTestId("sync-diff")).toHaveTextContent("First Sync now for this company and integration.");

    const problems = screen.getByTestId("sync-problems");
    expect(problems).toHaveTextContent("1 email address is not valid.");
    expect(problems).toHaveTextContent("Correct it in HiBob.");
    expect(within(problems).getByText("Blocks sync")).toBeInTheDocument();
    expect(problems).toHaveTextContent("Person 7 (E7)");
    // A withheld field is about the tenant: no records; it names its permission once, with the
    // way to the step that grants it.
    const withheld = problems.querySelector('[data-kind="field_withheld"]') as HTMLElement;
    expect(withheld).not.toHaveTextContent("Test connection");
    expect(withheld.textContent?.split("View selected employees’ Work sections").length).toBe(2);
    const buttons = within(withheld).getAllByRole("button");
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toHaveTextContent("Go to step: Title of permissions");
    await fireEvent.click(buttons[0]);
    expect(wizardOf().progress!.step).toBe("permissions");
    // Long lists show the first 10 names.
    const managers = problems.querySelector('[data-kind="manager_not_visible"]')!;
    expect(managers).toHaveTextContent("Person 19 (E19), and 2 more");
    expect(managers).not.toHaveTextContent("Person 20");
  });

  it("shows each history table's rows, or that HiBob withheld it", async () => {
    await synced();
    const tables = screen.getByTestId("sync-tables");
    expect(tables).toHaveTextContent("Work history");
    expect(tables).toHaveTextContent("240 rows for 120 employees");
    expect(tables).toHaveTextContent("Salary history");
    expect(tables).toHaveTextContent("withheld by HiBob");
  });

  it("says when the company uses field-level permissions, and which table columns HiBob withheld", async () => {
    await synced();
    expect(screen.queryByTestId("sync-field-level")).toBeNull();
    cleanup();
    const result = syncResult();
    result.preview.field_level_permissions = true;
    result.preview.tables[0].restricted_columns = [
      { column: "department", field_id: "work.department", history_only: true },
      { column: "title", field_id: "work.title", history_only: false },
    ];
    await synced(result);
    expect(screen.getByTestId("sync-field-level")).toHaveTextContent("uses field-level permissions");
    expect(screen.getByTestId("sync-restricted-columns")).toHaveTextContent(
      "withheld under field-level permissions: department (history), title",
    );
  });

  it("renders the diff since the previous sync with the changed fields", async () => {
    const previous = new Date(2026, 10, 24, 10, 41).getTime() / 1000;
    await synced(
      syncResult(30, {
        diff: {
          previous_at: previous,
          new: ["E1"],
          changed: [
            { employee_id: "E2", fields: ["email", "department"] },
            { employee_id: "E3", fields: ["full_name"] },
          ],
          left: [],
          unchanged: 221,
        },
      }),
    );
    const diff = screen.getByTestId("sync-diff");
    expect(diff).toHaveTextContent("Since 24 Nov 2026 10:41: 1 new, 2 changed, 0 left, 221 unchanged");
    expect(within(diff).getByText("Changed (2)")).toBeInTheDocument();
    expect(diff).toHaveTextContent("Person 2 (E2): email, department");
    expect(screen.queryByTestId("departure-warning")).toBeNull();
  });

  it("leads with the warning when many people left at once, and says nothing otherwise", async () => {
    await synced(
      syncResult(90, {
        diff: {
          previous_at: 1_700_000_000,
          left: Array.from({ length: 30 }, (_, i) => `L${i}`),
          departure_warning: "30 of the 120 employees in the previous preview are gone from this one (25 %).",
        },
      }),
    );
    const warning = screen.getByTestId("departure-warning");
    expect(warning).toHaveTextContent("Check before the integration syncs: 30 of the 120 employees");
    // It comes before the counts.
    expect(warning.compareDocumentPosition(screen.getByTestId("sync-summary"))).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it("names people who went out of view while waiting to start or on leave, and marks them in the Left list", async () => {
    await synced(
      syncResult(30, {
        diff: {
          previous_at: 1_700_000_000,
          left: ["L1", "L2", "L3"],
          out_of_view: [
            { status: "hired", employee_ids: ["L1"] },
            { status: "parental_leave", employee_ids: ["L3"] },
          ],
          out_of_view_warning:
            "1 future starter and 1 person on parental leave at the previous Sync now are gone from this one.",
        },
      }),
    );
    const warning = screen.getByTestId("out-of-view-warning");
    expect(warning).toHaveTextContent("Not leavers: 1 future starter and 1 person on parental leave");
    expect(warning).toHaveAttribute("role", "alert");
    expect(warning.compareDocumentPosition(screen.getByTestId("sync-summary"))).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    const left = within(screen.getByTestId("sync-diff")).getByText("Left (3)").closest("details")!;
    const items = within(left)
      .getAllByRole("listitem")
      .map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(items).toEqual([
      "L1 · Hired at the previous Sync now, so still in HiBob",
      "L2",
      "L3 · Parental leave at the previous Sync now, so still in HiBob",
    ]);
  });

  it("says when the sync history could not be used, beside a complete preview", async () => {
    await synced(syncResult(30, { notices: ["The sync history was damaged, so it was set aside."] }));
    const notices = screen.getByTestId("sync-notices");
    expect(notices).toHaveTextContent("The sync history was damaged, so it was set aside.");
    expect(screen.getByTestId("sync-summary")).toHaveTextContent("30 employees");
  });

  it("a problem's button filters the table to its records", async () => {
    await synced();
    await fireEvent.click(
      within(screen.getByTestId("sync-problems")).getByRole("button", { name: /Show these 12 records/ }),
    );
    await waitFor(() => expect(bodyRows()).toHaveLength(12));
    expect(screen.getByTestId("sync-filter")).toHaveTextContent("12 managers are not visible.");
    expect(invokeMock).toHaveBeenCalledWith("preview_records", {
      query: { search: "", problem: { kind: "manager_not_visible", column: null }, reveal_sensitive: false, page: 0 },
    });
    await fireEvent.click(screen.getByTestId("sync-filter-clear"));
    await waitFor(() => expect(bodyRows()).toHaveLength(50));
  });

  it("searches by name, id and value, asking the app once typing pauses", async () => {
    await synced();
    const search = screen.getByTestId("sync-search");
    const names = () => bodyRows().map((r) => r.querySelector("th .name")?.textContent);
    await fireEvent.input(search, { target: { value: "person 11" } });
    await waitFor(() =>
      expect(names()).toEqual([
        "Person 11",
        "Person 110",
        "Person 111",
        "Person 112",
        "Person 113",
        "Person 114",
        "Person 115",
        "Person 116",
        "Person 117",
        "Person 118",
        "Person 119",
      ]),
    );
    expect(invokeMock).toHaveBeenCalledWith("preview_records", {
      query: { search: "person 11", problem: null, reveal_sensitive: false, page: 0 },
    });
    await fireEvent.input(search, { target: { value: "E42" } });
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    await fireEvent.input(search, { target: { value: "not-an-email" } });
    await waitFor(() => expect(bodyRows()[0]).toHaveAttribute("data-blocked", "true"));
    expect(bodyRows()).toHaveLength(1);
    await fireEvent.input(search, { target: { value: "nobody" } });
    expect(await within(table()).findByText("No records match.")).toBeInTheDocument();
    // Masked values are not searchable until revealed.
    await fireEvent.input(search, { target: { value: "50042" } });
    await waitFor(() =>
      expect(invokeMock).toHaveBeenLastCalledWith("preview_records", {
        query: { search: "50042", problem: null, reveal_sensitive: false, page: 0 },
      }),
    );
    expect(await within(table()).findByText("No records match.")).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("sync-reveal"));
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
  });

  it("a new result with a search typed asks the app again rather than showing the old matches", async () => {
    await synced();
    await fireEvent.input(screen.getByTestId("sync-search"), { target: { value: "person 11" } });
    await waitFor(() => expect(bodyRows()).toHaveLength(11));
    const again = backend(syncResult(30));
    await fireEvent.click(screen.getByTestId("sync-now"));
    again.finish();
    await waitFor(() => expect(screen.getByTestId("sync-summary")).toHaveTextContent("30 employees"));
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    expect(bodyRows()[0]).toHaveTextContent("Person 11");
  });

  it("pages 50 records at a time", async () => {
    await synced();
    const prev = screen.getByTestId("sync-page-prev");
    const next = screen.getByTestId("sync-page-next");
    expect(screen.getByText("Page 1 of 3")).toBeInTheDocument();
    expect(bodyRows()).toHaveLength(50);
    expect(prev).toBeDisabled();

    await fireEvent.click(next);
    expect(await screen.findByText("Page 2 of 3")).toBeInTheDocument();
    expect(bodyRows()[0]).toHaveTextContent("Person 51");
    await fireEvent.click(next);
    await waitFor(() => expect(bodyRows()).toHaveLength(20));
    expect(next).toBeDisabled();
    await fireEvent.click(prev);
    expect(await screen.findByText("Page 2 of 3")).toBeInTheDocument();

    // Searching goes back to the first page.
    await fireEvent.input(screen.getByTestId("sync-search"), { target: { value: "Person" } });
    expect(await screen.findByText("Page 1 of 3")).toBeInTheDocument();
  });

  it("masks sensitive values until revealed, and tells empty from withheld", async () => {
    await synced();
    const row = () => screen.getByTestId("sync-row-E4");
    expect(row()).toHaveTextContent("••••");
    expect(row()).not.toHaveTextContent("50004");
    const reveal = screen.getByTestId("sync-reveal");
    expect(reveal).toHaveAttribute("aria-pressed", "false");
    await fireEvent.click(reveal);
    expect(reveal).toHaveAttribute("aria-pressed", "true");
    expect(row()).toHaveTextContent("50004");
    expect(row()).not.toHaveTextContent("••••");

    const empty = row().querySelector('td[data-state="empty"] span')!;
    expect(empty).toHaveAttribute("title", "Empty in HiBob");
    expect(empty).toHaveTextContent("—");
    const withheld = screen.getByTestId("sync-row-E5").querySelector('td[data-state="withheld"] span')!;
    expect(withheld).toHaveTextContent("withheld");
    expect(withheld).toHaveClass("withheld");
    expect(withheld.getAttribute("title")).toMatch(/permission/);
    expect(screen.getByTestId("sync-row-E7")).toHaveClass("blocked");
  });

  it("exports with the chosen format and shows where it was saved", async () => {
    await synced();
    await fireEvent.click(screen.getByTestId("export-csv"));
    expect(invokeMock).toHaveBeenCalledWith("export_preview", { format: "csv" });
    expect(await screen.findByTestId("export-result")).toHaveTextContent(
      "Saved 120 records to /home/admin/hibob-sync-preview.csv",
    );
    await fireEvent.click(screen.getByTestId("export-json"));
    expect(invokeMock).toHaveBeenCalledWith("export_preview", { format: "json" });
    await waitFor(() => expect(screen.getByTestId("export-result")).toHaveTextContent("hibob-sync-preview.json"));

    // The folder it went to can be shown; the backend knows which, nothing is passed.
    await fireEvent.click(screen.getByTestId("open-export-folder"));
    expect(invokeMock).toHaveBeenLastCalledWith("open_export_folder", undefined);

    invokeMock.mockResolvedValueOnce({ path: null, records: 0 });
    await fireEvent.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(screen.getByTestId("export-result")).toHaveTextContent("Export cancelled."));
    expect(screen.queryByTestId("open-export-folder")).toBeNull();
  });
});
