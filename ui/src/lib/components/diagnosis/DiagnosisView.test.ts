import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { lifecycleNames } from "$lib/display";
import { appInfo, check, diagnosis } from "../../../test/fixtures";
import DiagnosisView from "./DiagnosisView.svelte";

const checks = [
  check({ permission: "work.view", status: "granted" }),
  check({
    permission: "lifecycle.view",
    status: "missing",
    fix_step: "whose_data",
    fix: "Add Terminated to Access data for",
  }),
  check({ permission: "docs.upload", status: "unverifiable", tab: "Features", area: "Documents" }),
];

describe("DiagnosisView", () => {
  it("names each field HiBob withholds with where to grant it, under field-level permissions", () => {
    const withheld = check({
      permission: "employment.view",
      status: "missing",
      field_fixes: [
        {
          field: "payroll.employment.fte",
          name: "FTE %",
          category: "Employment",
          access: "view",
          restricted: true,
          fix: "People's data › People's fields › Employment › FTE %, tick View",
        },
      ],
    });
    render(DiagnosisView, {
      diagnosis: diagnosis([withheld], { field_level_permissions: true }),
      onGoto: vi.fn(),
    });
    expect(screen.getByTestId("field-level-note")).toHaveTextContent("field-level permissions");
    const field = screen.getByTestId("field-fix-payroll.employment.fte");
    expect(field).toHaveTextContent("FTE %");
    expect(field).toHaveTextContent("Employment · View");
    expect(field).toHaveTextContent("Withheld by HiBob");
    expect(field).toHaveTextContent("People's fields › Employment › FTE %");
  });

  it("says Not verified, not Ready, when HiBob's answers could not show the data arriving", () => {
    const unsure = [check({ permission: "docs.view", status: "unverifiable" })];
    render(DiagnosisView, { diagnosis: diagnosis(unsure, { verdict: "unverified" }), onGoto: vi.fn() });
    const summary = screen.getByTestId("diagnosis-summary");
    expect(summary).toHaveTextContent(/^Not verified/);
    expect(summary).not.toHaveTextContent("Ready");
    expect(summary).toHaveClass("unsure");
    expect(screen.queryByTestId("field-level-note")).toBeNull();
  });

  it("highlights a missing item with its fix and jumps to its fix step", async () => {
    const onGoto = vi.fn();
    render(DiagnosisView, { diagnosis: diagnosis(checks), onGoto, stepTitles: { whose_data: "Choose whose data" } });

    const row = screen.getByTestId("check-lifecycle.view");
    expect(row).toHaveAttribute("data-status", "missing");
    expect(row).toHaveClass("check-missing");
    expect(within(row).getByText("Missing")).toBeInTheDocument();
    expect(within(row).getByText("Add Terminated to Access data for")).toBeInTheDocument();

    const goto = screen.getByTestId("goto-lifecycle.view");
    expect(goto).toHaveTextContent("Choose whose data");
    await fireEvent.click(goto);
    expect(onGoto).toHaveBeenCalledWith("whose_data");
  });

  it("shows unverifiable items as Confirm in HiBob, without a fix", () => {
    render(DiagnosisView, { diagnosis: diagnosis(checks), onGoto: vi.fn() });
    const row = screen.getByTestId("check-docs.upload");
    expect(row).toHaveAttribute("data-status", "unverifiable");
    expect(within(row).getByText("Confirm in HiBob")).toBeInTheDocument();
    expect(screen.queryByTestId("goto-docs.upload")).toBeNull();
  });

  it("does not highlight granted items", () => {
    render(DiagnosisView, { diagnosis: diagnosis(checks), onGoto: vi.fn() });
    const row = screen.getByTestId("check-work.view");
    expect(row).toHaveAttribute("data-status", "granted");
    expect(row).not.toHaveClass("check-missing");
    expect(within(row).getByText("Granted")).toBeInTheDocument();
    expect(within(row).queryByText(/Tick work.view/)).toBeNull();
    expect(screen.queryByTestId("goto-work.view")).toBeNull();
  });

  it("offers the simulated grant only in the demo company", async () => {
    const onGrant = vi.fn();
    const { unmount } = render(DiagnosisView, {
      diagnosis: diagnosis(checks),
      onGoto: vi.fn(),
      onGrant,
      isDemo: false,
    });
    expect(screen.queryByTestId("simulate-grant-lifecycle.view")).toBeNull();
    unmount();

    render(DiagnosisView, { diagnosis: diagnosis(checks), onGoto: vi.fn(), onGrant, isDemo: true });
    await fireEvent.click(screen.getByTestId("simulate-grant-lifecycle.view"));
    expect(onGrant).toHaveBeenCalledWith("lifecycle.view");
    expect(screen.queryByTestId("simulate-grant-work.view")).toBeNull();
    expect(screen.queryByTestId("simulate-grant-docs.upload")).toBeNull();
  });

  it("leads with what is missing, gathers what to confirm, folds what is granted", () => {
    render(DiagnosisView, { diagnosis: diagnosis(checks), onGoto: vi.fn() });
    const missing = screen.getByTestId("missing-block");
    const confirm = screen.getByTestId("confirm-block");
    const granted = screen.getByTestId("granted-block");
    expect(missing.compareDocumentPosition(confirm)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(confirm.compareDocumentPosition(granted)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(within(missing).getByTestId("check-lifecycle.view")).toBeInTheDocument();
    expect(within(missing).getByRole("heading", { name: "To grant in HiBob (1)" })).toBeInTheDocument();
    expect(within(confirm).getByTestId("check-docs.upload")).toBeInTheDocument();
    expect(within(granted).getByTestId("check-work.view")).toBeInTheDocument();
    expect(granted.tagName).toBe("DETAILS");
    expect(granted).not.toHaveAttribute("open");
    expect(granted).toHaveTextContent("Granted (1)");
  });

  it("groups by tab and area and summarises the counts, with the names Rust sent", () => {
    const names = lifecycleNames(appInfo().lifecycle_statuses);
    render(DiagnosisView, { diagnosis: diagnosis(checks), onGoto: vi.fn(), lifecycleNames: names });
    expect(
      within(screen.getByTestId("missing-block")).getByRole("region", { name: "People's data › Work" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Features › Documents" })).toBeInTheDocument();
    expect(screen.getByTestId("diagnosis-summary")).toHaveTextContent("1 missing");
    expect(screen.getByText("Nobody with status Hired is visible.")).toBeInTheDocument();
    expect(screen.getByText("General warning")).toBeInTheDocument();
    const counts = screen.getAllByRole("listitem").map((li) => li.textContent?.trim());
    expect(counts).toContain("20 Terminated");
    expect(counts).toContain("100 Employed");
  });

  it("shows why the credentials were rejected", () => {
    render(DiagnosisView, {
      diagnosis: diagnosis([], {
        verdict: "credentials_rejected",
        auth: {
          status: "rejected",
          message: "HiBob answered 401.",
          error: { kind: "invalid_credentials", message: "The token was refused.", hint: "Paste the token again." },
          likely_causes: ["The ID and token are swapped.", "The token belongs to the sandbox."],
        },
      }),
      onGoto: vi.fn(),
    });
    expect(screen.getByTestId("diagnosis-summary")).toHaveTextContent("rejected");
    expect(screen.getByText("HiBob answered 401.")).toBeInTheDocument();
    expect(screen.getByText("Paste the token again.")).toBeInTheDocument();
    expect(screen.getByText("The ID and token are swapped.")).toBeInTheDocument();
    expect(screen.getByText("The token belongs to the sandbox.")).toBeInTheDocument();
    // Named once, in the summary; the box below says what to check.
    expect(screen.getAllByText(/rejected the credentials/)).toHaveLength(1);
    expect(screen.getByRole("heading", { name: "Why HiBob may have said no" })).toBeInTheDocument();
  });
});
