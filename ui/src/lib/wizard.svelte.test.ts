// The wizard's behaviour without rendering anything: the backend is the mocked `invoke`.
import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Progress, ProfileChecklist } from "$lib/bindings";
import { fakeBackend, type Handler } from "../test/backend";
import { appInfo, check, checklist, diagnosis, progress, syncResult } from "../test/fixtures";
import { Wizard } from "./wizard.svelte";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const invokeMock = vi.mocked(invoke);

let saved: Progress[] = [];

function backend(start: Progress, overrides: Record<string, Handler> = {}) {
  saved = fakeBackend(invokeMock, start, overrides);
}

async function loaded(start: Progress = progress(), overrides: Record<string, Handler> = {}) {
  backend(start, overrides);
  const wizard = new Wizard({ saveDelayMs: 0 });
  await wizard.load();
  await vi.waitFor(() => expect(wizard.checklist ?? wizard.checklistError).not.toBeNull());
  return wizard;
}

function key(key: string, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, altKey: true, cancelable: true });
  Object.defineProperty(event, "target", { value: target });
  return event;
}

describe("Wizard", () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });

  it("loads the guide and the saved progress, resuming at the saved step", async () => {
    const wizard = await loaded(progress({ step: "permissions", visited: ["welcome"] }));
    expect(wizard.steps).toHaveLength(9);
    expect(wizard.current?.id).toBe("permissions");
    expect(wizard.stepIndex).toBe(4);
    expect(wizard.isDemo).toBe(true);
    expect(wizard.profileName).toBe("User directory");
    expect(wizard.stepTitles.whose_data).toBe("Title of whose_data");
    expect(wizard.checklist?.profile.id).toBe("directory");
    // The resumed step counts as visited, and that is saved.
    expect(wizard.progress?.visited).toEqual(["welcome", "permissions"]);
    await vi.waitFor(() => expect(saved.at(-1)?.visited).toEqual(["welcome", "permissions"]));
  });

  it("keeps a start-up failure, and a later load clears it", async () => {
    let fail = true;
    backend(progress(), {
      app_info: () => {
        if (fail) throw { kind: "io", message: "Could not read the guide.", hint: "Reinstall the app." };
        return appInfo();
      },
    });
    const wizard = new Wizard({ saveDelayMs: 0 });
    await wizard.load();
    expect(wizard.loading.error?.message).toBe("Could not read the guide.");
    expect(wizard.current).toBeUndefined();
    fail = false;
    await wizard.load();
    expect(wizard.loading.error).toBeNull();
    expect(wizard.current?.id).toBe("welcome");
  });

  it("moves next and back within the steps, marking visited steps, and saves", async () => {
    const wizard = await loaded();
    wizard.back();
    expect(wizard.current?.id).toBe("welcome");
    wizard.next();
    wizard.next();
    expect(wizard.current?.id).toBe("permission_group");
    expect(wizard.progress?.visited).toEqual(["welcome", "service_user", "permission_group"]);
    await wizard.flush();
    expect(saved.at(-1)?.step).toBe("permission_group");

    wizard.goTo("finish");
    wizard.next();
    expect(wizard.current?.id).toBe("finish");
  });

  it("moves with Alt+arrows, except in text fields", async () => {
    const wizard = await loaded();
    const right = key("ArrowRight");
    wizard.onKeydown(right);
    expect(wizard.current?.id).toBe("service_user");
    expect(right.defaultPrevented).toBe(true);

    const field = document.createElement("input");
    field.type = "text";
    wizard.onKeydown(key("ArrowLeft", field));
    expect(wizard.current?.id).toBe("service_user");
    wizard.onKeydown(key("ArrowLeft"));
    expect(wizard.current?.id).toBe("welcome");
    wizard.onKeydown(new KeyboardEvent("keydown", { key: "ArrowRight" }));
    expect(wizard.current?.id).toBe("welcome");
  });

  it("focuses the step title after a jump that asks for it", async () => {
    const wizard = await loaded();
    const title = document.createElement("h1");
    title.dataset.testid = "step-title";
    title.tabIndex = -1;
    document.body.append(title);
    wizard.goTo("whose_data", { focus: true });
    await vi.waitFor(() => expect(document.activeElement).toBe(title));
    title.remove();
  });

  it("a new profile drops earlier results and loads its checklist", async () => {
    const wizard = await loaded();
    wizard.diagnosis = diagnosis([check({ permission: "work.view", status: "granted" })]);
    wizard.syncResult = syncResult();
    wizard.setProfile("directory");
    expect(wizard.diagnosis).not.toBeNull();

    wizard.setProfile("hr-core");
    expect(wizard.diagnosis).toBeNull();
    expect(wizard.syncResult).toBeNull();
    expect(wizard.profileName).toBe("HR core");
    await vi.waitFor(() => expect(wizard.checklist?.profile.id).toBe("hr-core"));
    await wizard.flush();
    expect(saved.at(-1)?.profile).toBe("hr-core");
  });

  it("only the checklist asked for last lands", async () => {
    const answers: Record<string, (c: ProfileChecklist) => void> = {};
    const wizard = await loaded();
    invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
      if (cmd !== "profile_checklist") return null;
      const profile = (args as { profile: string }).profile;
      return new Promise((resolve) => (answers[profile] = resolve));
    });
    wizard.setProfile("hr-core");
    wizard.setProfile("payroll");
    answers["payroll"]({ ...checklist(), statuses: [{ id: "employed", label: "Employed" }] });
    answers["hr-core"]({ ...checklist(), statuses: [{ id: "hired", label: "Hired" }] });
    await vi.waitFor(() => expect(wizard.checklist?.statuses).toEqual([{ id: "employed", label: "Employed" }]));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(wizard.checklist?.statuses).toEqual([{ id: "employed", label: "Employed" }]);
  });

  it("asks for the checklist again when the permissions step is opened", async () => {
    const wizard = await loaded();
    invokeMock.mockClear();
    wizard.goTo("permissions");
    await vi.waitFor(() =>
      expect(invokeMock).toHaveBeenCalledWith("profile_checklist", { profile: wizard.progress?.profile }),
    );
  });

  it("keeps a checklist failure to show on the checklist steps", async () => {
    const wizard = await loaded(progress(), {
      profile_checklist: () => {
        throw { kind: "unknown_profile", message: "No such profile.", hint: "Pick another." };
      },
    });
    expect(wizard.checklist).toBeNull();
    expect(wizard.checklistError?.message).toBe("No such profile.");
  });

  it("another kind of HiBob, or another custom address, drops earlier results", async () => {
    const wizard = await loaded();
    const results = () => {
      wizard.diagnosis = diagnosis([]);
      wizard.syncResult = syncResult();
    };
    results();
    wizard.setEnvironment({ kind: "demo" });
    expect(wizard.diagnosis).not.toBeNull();

    wizard.setEnvironment({ kind: "production" });
    expect(wizard.diagnosis).toBeNull();
    expect(wizard.isDemo).toBe(false);

    results();
    wizard.setEnvironment({ kind: "custom", url: "https://a.example" });
    expect(wizard.syncResult).toBeNull();
    results();
    wizard.setEnvironment({ kind: "custom", url: "https://b.example" });
    expect(wizard.syncResult).toBeNull();
    await wizard.flush();
    expect(saved.at(-1)?.environment).toEqual({ kind: "custom", url: "https://b.example" });
  });

  it("remembers the stored service user, except the demo company's", async () => {
    const wizard = await loaded(progress({ environment: { kind: "production" } }));
    wizard.onCredentialStatus({ service_user_id: "SERVICE-42", token: "keychain", keychain_problem: null });
    expect(wizard.progress?.service_user_id).toBe("SERVICE-42");
    wizard.onCredentialStatus({ service_user_id: "DEMO", token: "demo", keychain_problem: null });
    expect(wizard.progress?.service_user_id).toBe("SERVICE-42");
    wizard.onCredentialStatus({ service_user_id: "SERVICE-42", token: "none", keychain_problem: null });
    expect(wizard.progress?.service_user_id).toBeNull();
  });

  it("shows a failed guide action until the next move, and a failed save until one works", async () => {
    const wizard = await loaded(progress(), {
      open_hibob: () => {
        throw { kind: "browser", message: "No browser could be opened.", hint: "Open HiBob yourself." };
      },
      save_progress: () => {
        throw { kind: "io", message: "Could not save.", hint: "Check the disk." };
      },
    });
    await wizard.open("home");
    expect(invokeMock).toHaveBeenCalledWith("open_hibob", { page: "home" });
    expect(wizard.error?.message).toBe("No browser could be opened.");
    wizard.next();
    await wizard.flush();
    expect(wizard.error?.message).toBe("Could not save.");
  });
});
