import { fireEvent, screen, within } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checklist } from "../../../test/fixtures";
import PermissionsStep from "./PermissionsStep.svelte";
import { loadedWizard, renderWithWizard } from "../../../test/wizard";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

function stubClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}

describe("PermissionsStep", () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, "clipboard");
  });

  it("copies the exact label and says so", async () => {
    const writeText = vi.fn(async (_text: string) => {});
    stubClipboard(writeText);
    renderWithWizard(PermissionsStep, loadedWizard({ checklist: checklist() }));

    const row = screen.getByTestId("perm-work.view");
    const button = within(row).getByRole("button", { name: /Copy/ });
    await fireEvent.click(button);

    expect(writeText).toHaveBeenCalledWith("View selected employees' Work sections");
    expect(await within(row).findByText("Copied")).toBeInTheDocument();
  });

  it("shows the other wordings an admin may have been handed for a checkbox", () => {
    renderWithWizard(PermissionsStep, loadedWizard({ checklist: checklist() }));
    expect(screen.getByTestId("other-wordings-work.view")).toHaveTextContent(
      "Also printed as: “View selected employee's Work sections”",
    );
    expect(screen.queryByTestId("other-wordings-docs.upload")).toBeNull();
  });

  it("tells the admin when copying fails", async () => {
    stubClipboard(vi.fn(async () => Promise.reject(new Error("denied"))));
    renderWithWizard(PermissionsStep, loadedWizard({ checklist: checklist() }));
    await fireEvent.click(within(screen.getByTestId("perm-work.view")).getByRole("button", { name: /Copy/ }));
    expect(await screen.findByText(/Could not copy/)).toBeInTheDocument();
  });

  it("groups by tab and area, with section, why and a confirm note for unverifiable items", () => {
    renderWithWizard(PermissionsStep, loadedWizard({ checklist: checklist() }));
    expect(screen.getByRole("region", { name: "People's data › Work" })).toBeInTheDocument();
    const upload = screen.getByTestId("perm-docs.upload");
    expect(within(upload).getByText("Upload documents to shared folders")).toBeInTheDocument();
    expect(within(upload).getByText("Confirm in HiBob")).toBeInTheDocument();
    const work = screen.getByTestId("perm-work.view");
    expect(within(work).getByText("Titles and departments")).toBeInTheDocument();
    expect(within(work).queryByText("Confirm in HiBob")).toBeNull();
  });
});

describe("PermissionsStep hand-off", () => {
  it("saves the checklist for the HiBob admin and says where", async () => {
    vi.mocked(invoke).mockResolvedValueOnce({ path: "/home/me/hibob-setup-checklist-directory.md", records: 0 });
    renderWithWizard(PermissionsStep, loadedWizard({ checklist: checklist() }));
    await fireEvent.click(screen.getByTestId("export-handoff"));
    expect(vi.mocked(invoke)).toHaveBeenCalledWith("export_handoff", undefined);
    expect(await screen.findByTestId("handoff-result")).toHaveTextContent(
      "Saved to /home/me/hibob-setup-checklist-directory.md",
    );
  });
});
