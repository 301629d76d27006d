import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import SetupReport from "./SetupReport.svelte";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const invokeMock = vi.mocked(invoke);

describe("SetupReport", () => {
  beforeEach(() => invokeMock.mockReset());

  it("is disabled until there is something to report", () => {
    render(SetupReport, { enabled: false });
    expect(screen.getByTestId("save-report")).toBeDisabled();
  });

  it("saves without employee IDs unless asked and shows where it went", async () => {
    invokeMock.mockResolvedValue({ path: "/home/admin/hibob-setup-report.md", records: 0 });
    render(SetupReport, { enabled: true });
    await fireEvent.click(screen.getByTestId("save-report"));
    expect(invokeMock).toHaveBeenCalledWith("export_report", { includeEmployeeIds: false });
    await waitFor(() =>
      expect(screen.getByTestId("report-result")).toHaveTextContent("/home/admin/hibob-setup-report.md"),
    );

    await fireEvent.click(screen.getByTestId("report-include-ids"));
    await fireEvent.click(screen.getByTestId("save-report"));
    expect(invokeMock).toHaveBeenLastCalledWith("export_report", { includeEmployeeIds: true });

    await fireEvent.click(await screen.findByTestId("open-report-folder"));
    expect(invokeMock).toHaveBeenLastCalledWith("open_export_folder", undefined);
  });

  it("says so when the folder cannot be shown", async () => {
    invokeMock.mockResolvedValueOnce({ path: "/tmp/gone/hibob-setup-report.md", records: 0 }).mockRejectedValueOnce({
      kind: "folder_missing",
      message: "The export folder is no longer there.",
      hint: "Export again.",
    });
    render(SetupReport, { enabled: true });
    await fireEvent.click(screen.getByTestId("save-report"));
    await fireEvent.click(await screen.findByTestId("open-report-folder"));
    expect(await screen.findByText("The export folder is no longer there.")).toBeInTheDocument();
  });

  it("shows a failure as a sentence with a hint", async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      throw {
        kind: "nothing_to_report",
        message: "There is nothing to report yet.",
        hint: `Run Test connection first (${cmd}).`,
      };
    });
    render(SetupReport, { enabled: true });
    await fireEvent.click(screen.getByTestId("save-report"));
    expect(await screen.findByText("There is nothing to report yet.")).toBeInTheDocument();
    expect(screen.getByText("Run Test connection first (export_report).")).toBeInTheDocument();

    // Trying again after the cause is fixed clears the error.
    invokeMock.mockImplementation(async () => ({ path: "/tmp/hibob-setup-report.md", records: 0 }));
    await fireEvent.click(screen.getByTestId("save-report"));
    expect(await screen.findByTestId("report-result")).toHaveTextContent("/tmp/hibob-setup-report.md");
    expect(screen.queryByText("There is nothing to report yet.")).toBeNull();
  });
});
