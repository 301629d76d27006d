import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import App from "./App.svelte";
import type { Progress } from "$lib/bindings";
import { fakeBackend, type Handler } from "./test/backend";
import { appInfo, check, diagnosis, progress } from "./test/fixtures";

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(),
  Channel: class {
    onmessage: (message: unknown) => void = () => {};
  },
}));
const invokeMock = vi.mocked(invoke);

let saved: Progress[] = [];

function backend(start: Progress, overrides: Record<string, Handler> = {}) {
  saved = fakeBackend(invokeMock, start, overrides);
}

const lastSaved = () => saved[saved.length - 1];

describe("App", () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });

  it("renders the guide, resumes at the saved step and marks the current step", async () => {
    backend(progress({ step: "permission_group", visited: ["welcome", "service_user", "permission_group"] }));
    render(App, { saveDelayMs: 0 });

    expect(await screen.findByTestId("step-title")).toHaveTextContent("Title of permission_group");
    expect(screen.getByText("Summary of permission_group")).toBeInTheDocument();
    expect(screen.getByText("Careful with permission_group")).toBeInTheDocument();
    const list = screen.getByText("Then finish permission_group").closest("ol");
    expect(list).not.toBeNull();
    expect(screen.getByTestId("step-permission_group")).toHaveAttribute("aria-current", "step");
    expect(screen.getByTestId("step-welcome")).not.toHaveAttribute("aria-current");
    expect(within(screen.getByTestId("step-welcome")).getByText("(visited)")).toBeInTheDocument();
    expect(screen.getAllByRole("button").filter((b) => b.dataset.testid?.startsWith("step-"))).toHaveLength(9);
  });

  it("tells at the start that saved progress could not be read, until dismissed", async () => {
    backend(progress(), { app_info: () => appInfo(["The saved progress could not be read."]) });
    render(App, { saveDelayMs: 0 });
    const notices = await screen.findByTestId("startup-notices");
    expect(notices).toHaveTextContent("The saved progress could not be read.");
    await fireEvent.click(within(notices).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("startup-notices")).toBeNull();
  });

  it("shows the demo label and saves progress when moving on", async () => {
    backend(progress());
    render(App, { saveDelayMs: 0 });
    await screen.findByTestId("step-title");
    // Named once, with what it means.
    expect(screen.getByTestId("env-badge")).toHaveTextContent("Demo company: simulated, no real HiBob data");
    expect(within(screen.getByRole("banner")).getAllByText(/Demo company/)).toHaveLength(1);
    expect(screen.getByTestId("back")).toBeDisabled();

    await fireEvent.click(screen.getByTestId("next"));
    expect(screen.getByTestId("step-title")).toHaveTextContent("Title of service_user");
    await waitFor(() => expect(lastSaved()?.step).toBe("service_user"));
    expect(lastSaved().visited).toEqual(["welcome", "service_user"]);

    await fireEvent.keyDown(window, { key: "ArrowRight", altKey: true });
    expect(screen.getByTestId("step-title")).toHaveTextContent("Title of permission_group");
    await fireEvent.keyDown(window, { key: "ArrowLeft", altKey: true });
    expect(screen.getByTestId("step-title")).toHaveTextContent("Title of service_user");

    await fireEvent.click(screen.getByTestId("step-finish"));
    expect(screen.getByTestId("step-finish")).toHaveAttribute("aria-current", "step");
    expect(screen.getByTestId("next")).toBeDisabled();
  });

  it("chooses profile and environment on the welcome step, with a URL field for Custom", async () => {
    backend(progress());
    render(App, { saveDelayMs: 0 });
    await screen.findByTestId("step-title");
    expect(screen.getByTestId("env-demo")).toBeChecked();
    expect(screen.getByTestId("profile-directory")).toBeChecked();

    await fireEvent.click(screen.getByTestId("profile-hr-core"));
    await waitFor(() => expect(lastSaved()?.profile).toBe("hr-core"));
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith("profile_checklist", { profile: "hr-core" }));

    expect(screen.queryByLabelText("HiBob API URL")).toBeNull();
    await fireEvent.click(screen.getByTestId("env-custom"));
    const url = screen.getByLabelText("HiBob API URL");
    await fireEvent.input(url, { target: { value: "https://hibob.example" } });
    await waitFor(() => expect(lastSaved()?.environment).toEqual({ kind: "custom", url: "https://hibob.example" }));
    expect(screen.queryByText("Demo company — simulated, no real HiBob data")).toBeNull();

    await fireEvent.click(screen.getByTestId("env-production"));
    await waitFor(() => expect(lastSaved()?.environment).toEqual({ kind: "production" }));
  });

  it("lists the required lifecycle statuses by name on the whose-data step", async () => {
    backend(progress({ step: "whose_data" }));
    render(App, { saveDelayMs: 0 });
    expect(await screen.findByText("Garden leave")).toBeInTheDocument();
    expect(screen.getByText("Hired")).toBeInTheDocument();
    expect(screen.getByText("Employed")).toBeInTheDocument();
  });

  it("opens HiBob from a guide link and shows failures as message and hint", async () => {
    backend(progress({ step: "service_user" }), {
      open_hibob: () => {
        throw { kind: "browser", message: "No browser could be opened.", hint: "Open HiBob yourself." };
      },
    });
    render(App, { saveDelayMs: 0 });
    await fireEvent.click(await screen.findByRole("button", { name: /Open HiBob/ }));
    expect(invokeMock).toHaveBeenCalledWith("open_hibob", { page: "home" });
    expect(await screen.findByText("No browser could be opened.")).toBeInTheDocument();
    expect(screen.getByText("Open HiBob yourself.")).toBeInTheDocument();
  });

  it("jumps from a missing check to the step that fixes it", async () => {
    const d = diagnosis([check({ permission: "lifecycle.view", status: "missing", fix_step: "whose_data" })]);
    backend(progress({ step: "test" }), { test_connection: () => d });
    render(App, { saveDelayMs: 0 });
    await fireEvent.click(await screen.findByTestId("test-connection"));
    await fireEvent.click(await screen.findByTestId("goto-lifecycle.view"));
    expect(screen.getByTestId("step-title")).toHaveTextContent("Title of whose_data");
    await waitFor(() => expect(screen.getByTestId("step-title")).toHaveFocus());
    // The diagnosis survives the trip.
    await fireEvent.click(screen.getByTestId("step-test"));
    expect(screen.getByTestId("check-lifecycle.view")).toHaveAttribute("data-status", "missing");
  });

  it("shows a start-up failure with a way to try again", async () => {
    let fail = true;
    backend(progress(), {
      app_info: () => {
        if (fail) throw { kind: "io", message: "Could not read the guide.", hint: "Reinstall the app." };
        return appInfo();
      },
    });
    render(App, { saveDelayMs: 0 });
    expect(await screen.findByText("Could not read the guide.")).toBeInTheDocument();
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("step-title")).toHaveTextContent("Title of welcome");
  });
});
