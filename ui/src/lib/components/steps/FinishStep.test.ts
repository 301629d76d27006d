import { fireEvent, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { check, diagnosis, progress, syncResult } from "../../../test/fixtures";
import { loadedWizard, renderWithWizard } from "../../../test/wizard";
import FinishStep from "./FinishStep.svelte";

describe("FinishStep", () => {
  it("sums up the environment, product, service user, test and preview", () => {
    const wizard = loadedWizard({
      progress: progress({ step: "finish", environment: { kind: "production" }, service_user_id: "SERVICE-1234" }),
      diagnosis: diagnosis([check({ permission: "work.view", status: "granted" })]),
      syncResult: syncResult(120),
    });
    renderWithWizard(FinishStep, wizard);
    const summary = screen.getByTestId("finish-summary");
    expect(summary).toHaveTextContent("Production");
    expect(summary).toHaveTextContent("User directory");
    expect(summary).toHaveTextContent("SERVICE-1234");
    expect(screen.getByTestId("finish-test")).toHaveTextContent("Ready");
    expect(screen.getByTestId("finish-sync")).toHaveTextContent("120 employees");
    expect(screen.queryByTestId("finish-not-ready")).toBeNull();
    expect(screen.queryByTestId("finish-sync-warning")).toBeNull();
    // The report is offered, and the token is never part of the page.
    expect(screen.getByTestId("save-report")).toBeEnabled();
  });

  it("says when the test has not passed, with the way back to it", async () => {
    const wizard = loadedWizard({
      progress: progress({ step: "finish" }),
      diagnosis: diagnosis([check({ permission: "work.view", status: "missing" })]),
    });
    renderWithWizard(FinishStep, wizard);
    expect(screen.getByTestId("finish-test")).toHaveTextContent("1 missing");
    expect(screen.getByTestId("finish-sync")).toHaveTextContent("not run");
    await fireEvent.click(screen.getByRole("button", { name: /Go to step/ }));
    expect(wizard.progress!.step).toBe("test");
  });

  it("repeats that the last preview warned of people dropping out, with the way back to it", async () => {
    const wizard = loadedWizard({
      progress: progress({ step: "finish" }),
      diagnosis: diagnosis([check({ permission: "work.view", status: "granted" })]),
      syncResult: syncResult(120, {
        diff: {
          previous_at: 1_700_000_000,
          left: ["L1"],
          out_of_view: [{ status: "hired", employee_ids: ["L1"] }],
          out_of_view_warning: "1 future starter at the previous Sync now is gone from this one.",
        },
      }),
    });
    renderWithWizard(FinishStep, wizard);
    const warning = screen.getByTestId("finish-sync-warning");
    expect(warning).toHaveTextContent("without having left the company");
    await fireEvent.click(within(warning).getByRole("button", { name: /Go to step/ }));
    expect(wizard.progress!.step).toBe("sync");
  });
});
