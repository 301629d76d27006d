// A fake backend for tests that start the whole wizard: answers the mocked `invoke` like a freshly
// started app with `start` as the saved progress, and records every progress saved.
import type { invoke } from "@tauri-apps/api/core";
import type { MockedFunction } from "vitest";
import type { Progress } from "$lib/bindings";
import { appInfo, checklist } from "./fixtures";

export type Handler = (args: Record<string, unknown> | undefined) => unknown;

/** Returns the list that each `save_progress` appends to. `overrides` answer commands instead. */
export function fakeBackend(
  invokeMock: MockedFunction<typeof invoke>,
  start: Progress,
  overrides: Record<string, Handler> = {},
): Progress[] {
  const saved: Progress[] = [];
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const a = args as Record<string, unknown> | undefined;
    if (overrides[cmd]) return overrides[cmd](a);
    switch (cmd) {
      case "app_info":
        return appInfo();
      case "load_progress":
        return structuredClone(start);
      case "save_progress":
        saved.push(structuredClone(a!.progress as Progress));
        return null;
      case "profile_checklist": {
        const c = checklist();
        return { ...c, profile: { ...c.profile, id: a!.profile as string } };
      }
      case "credential_status":
        return { service_user_id: null, token: "demo", keychain_problem: null };
      case "open_hibob":
        return null;
      default:
        throw { kind: "unexpected", message: `unexpected ${cmd}`, hint: "" };
    }
  });
  return saved;
}
