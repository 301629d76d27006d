import { fireEvent, screen } from "@testing-library/svelte";
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
});
