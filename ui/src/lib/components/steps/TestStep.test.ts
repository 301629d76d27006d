import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { tick } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { check, diagnosis, progress } from "../../../test/fixtures";
import { loadedWizard, renderWithWizard } from "../../../test/wizard";
import type { Diagnosis } from "$lib/bindings";
import TestStep from "./TestStep.svelte";

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(),
  Channel: class {
    onmessage: (message: unknown) => void = () => {};
  },
}));
const invokeMock = vi.mocked(invoke);

const missingOne = diagnosis([
  check({ permission: "work.view", status: "granted" }),
  check({ permission: "lifecycle.view", status: "missing" }),
]);
const allGranted = diagnosis([
  check({ permission: "work.view", status: "granted" }),
  check({ permission: "lifecycle.view", status: "granted" }),
]);

/** The wizard on the test step; a real HiBob unless `demo`. */
function onTestStep(state: { diagnosis?: Diagnosis; demo?: boolean } = {}) {
  return loadedWizard({
    progress: progress({ step: "test", environment: { kind: state.demo ? "demo" : "production" } }),
    diagnosis: state.diagnosis ?? null,
  });
}

function count(cmd: string) {
  return invokeMock.mock.calls.filter(([c]) => c === cmd).length;
}

async function settle() {
  // Enough turns for a grant, the progress flush before the test, and the test's answer.
  for (let i = 0; i < 10; i++) await tick();
}

describe("TestStep", () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it("is busy while the test runs, then shows and announces the diagnosis", async () => {
    let finish!: (d: Diagnosis) => void;
    invokeMock.mockImplementation(() => new Promise((resolve) => (finish = resolve as (d: Diagnosis) => void)));
    const wizard = onTestStep();
    const flush = vi.spyOn(wizard, "flush");
    renderWithWizard(TestStep, wizard);

    const button = screen.getByTestId("test-connection");
    await fireEvent.click(button);
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith("test_connection", { onWait: expect.anything() }));
    expect(flush).toHaveBeenCalled();
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent("Testing");

    finish(missingOne);
    await waitFor(() => expect(button).toBeEnabled());
    expect(screen.getByTestId("check-lifecycle.view")).toHaveAttribute("data-status", "missing");
    expect(screen.getByTestId("diagnosis-summary")).toHaveTextContent("1 missing");
    expect(screen.getByTestId("announcer")).toHaveTextContent("1 missing");
  });

  it("shows a rejected test as message and hint in an alert", async () => {
    invokeMock.mockRejectedValue({
      kind: "no_credentials",
      message: "No token is stored.",
      hint: "Enter the credentials first.",
    });
    renderWithWizard(TestStep, onTestStep());
    await fireEvent.click(screen.getByTestId("test-connection"));
    const message = await screen.findByText("No token is stored.");
    expect(message.closest("[role=alert]")).not.toBeNull();
    expect(screen.getByText("Enter the credentials first.")).toBeInTheDocument();
  });

  it("re-checks every 5 s after I saved in HiBob and stops once nothing is missing", async () => {
    vi.useFakeTimers();
    const results = [missingOne, missingOne, missingOne, allGranted];
    invokeMock.mockImplementation(async () => results.shift() ?? allGranted);
    renderWithWizard(TestStep, onTestStep({ diagnosis: missingOne }));

    await fireEvent.click(screen.getByTestId("saved-in-hibob"));
    await settle();
    expect(count("test_connection")).toBe(1);
    expect(screen.getByTestId("auto-recheck")).toHaveTextContent("60 s left");
    expect(screen.getByTestId("stop-recheck")).toBeInTheDocument();

    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(count("test_connection")).toBe(2);
    expect(screen.getByTestId("auto-recheck")).toHaveTextContent("55 s left");

    await vi.advanceTimersByTimeAsync(10000);
    await settle();
    expect(count("test_connection")).toBe(4);
    expect(screen.getByTestId("check-lifecycle.view")).toHaveAttribute("data-status", "granted");
    expect(screen.queryByTestId("auto-recheck")).toBeNull();
    expect(screen.getByTestId("saved-in-hibob")).toBeInTheDocument();

    await vi.advanceTimersByTimeAsync(20000);
    expect(count("test_connection")).toBe(4);
  });

  it("stops re-checking after the time is up, or when asked", async () => {
    vi.useFakeTimers();
    invokeMock.mockImplementation(async () => missingOne);
    renderWithWizard(TestStep, onTestStep({ diagnosis: missingOne }));

    await fireEvent.click(screen.getByTestId("saved-in-hibob"));
    await vi.advanceTimersByTimeAsync(60000);
    await settle();
    expect(count("test_connection")).toBe(12); // at 0, 5, ..., 55 s
    expect(screen.queryByTestId("auto-recheck")).toBeNull();

    await fireEvent.click(screen.getByTestId("saved-in-hibob"));
    await settle();
    await fireEvent.click(screen.getByTestId("stop-recheck"));
    await vi.advanceTimersByTimeAsync(30000);
    expect(count("test_connection")).toBe(13);
  });

  it("in the demo company, a simulated grant triggers the re-check", async () => {
    vi.useFakeTimers();
    const results = [allGranted];
    invokeMock.mockImplementation(async (cmd: string) =>
      cmd === "demo_grant" ? null : (results.shift() ?? allGranted),
    );
    renderWithWizard(TestStep, onTestStep({ diagnosis: missingOne, demo: true }));

    await fireEvent.click(screen.getByTestId("simulate-grant-lifecycle.view"));
    await settle();
    expect(invokeMock).toHaveBeenCalledWith("demo_grant", { permission: "lifecycle.view" });
    expect(count("test_connection")).toBe(1);
    expect(screen.getByTestId("check-lifecycle.view")).toHaveAttribute("data-status", "granted");
    expect(screen.getByTestId("diagnosis-summary")).toHaveTextContent("Ready");
    // The re-check's result is said aloud, what changed first.
    expect(screen.getByTestId("announcer")).toHaveTextContent(
      "Now granted: Label lifecycle.view. Test finished: ready, 2 granted.",
    );
    expect(screen.getByTestId("announcer")).toHaveAttribute("aria-live", "polite");
  });

  it("a re-check that loses a permission says so before the totals", async () => {
    const results = [missingOne];
    invokeMock.mockImplementation(async () => results.shift() ?? missingOne);
    renderWithWizard(TestStep, onTestStep({ diagnosis: allGranted }));
    await fireEvent.click(screen.getByTestId("recheck"));
    await waitFor(() =>
      expect(screen.getByTestId("announcer")).toHaveTextContent(
        "Now missing: Label lifecycle.view. Test finished: 1 missing, 1 granted.",
      ),
    );
  });
});

describe("TestStep's way on", () => {
  it("offers the preview once every check passes", async () => {
    const wizard = onTestStep({ diagnosis: allGranted });
    renderWithWizard(TestStep, wizard);
    const go = screen.getByTestId("continue-to-sync");
    expect(go).toHaveTextContent("Continue: preview the sync");
    await fireEvent.click(go);
    expect(wizard.progress!.step).toBe("sync");
  });

  it("says what is still missing and lets the admin go on with what is granted", async () => {
    const wizard = onTestStep({ diagnosis: missingOne });
    renderWithWizard(TestStep, wizard);
    expect(screen.getByTestId("test-continue")).toHaveTextContent("One permission is still missing");
    await fireEvent.click(screen.getByTestId("continue-to-sync"));
    expect(wizard.progress!.step).toBe("sync");
  });

  it("offers no way on before HiBob accepted the credentials", () => {
    const rejected = diagnosis([], {
      verdict: "credentials_rejected",
      auth: { status: "rejected", message: "No.", error: null, likely_causes: [] },
    });
    renderWithWizard(TestStep, onTestStep({ diagnosis: rejected }));
    expect(screen.queryByTestId("continue-to-sync")).toBeNull();
  });
});
