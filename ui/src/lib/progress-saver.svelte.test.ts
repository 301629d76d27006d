import { invoke } from "@tauri-apps/api/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Progress } from "$lib/bindings";
import { progress as sample } from "../test/fixtures";
import { ProgressSaver } from "./progress-saver.svelte";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const invokeMock = vi.mocked(invoke);

const saves = () => invokeMock.mock.calls.filter(([cmd]) => cmd === "save_progress").map(([, a]) => a);

describe("ProgressSaver", () => {
  let current: Progress;
  let saver: ProgressSaver;

  beforeEach(() => {
    vi.useFakeTimers();
    invokeMock.mockReset();
    invokeMock.mockResolvedValue(null);
    current = sample();
    saver = new ProgressSaver(() => current, 250);
    saver.loaded(current);
  });
  afterEach(() => {
    saver.dispose();
    vi.useRealTimers();
  });

  it("saves once, shortly after the last of several changes", async () => {
    current.step = "service_user";
    saver.changed();
    await vi.advanceTimersByTimeAsync(200);
    current.step = "permission_group";
    saver.changed();
    await vi.advanceTimersByTimeAsync(200);
    expect(saves()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(saves()).toEqual([{ progress: { ...sample(), step: "permission_group" } }]);
  });

  it("does nothing when the progress is what was loaded or last saved", async () => {
    saver.changed();
    await vi.advanceTimersByTimeAsync(1000);
    await saver.flush();
    expect(saves()).toHaveLength(0);

    current.profile = "hr-core";
    await saver.flush();
    await saver.flush();
    expect(saves()).toHaveLength(1);
  });

  it("flushes at once and drops the pending timer", async () => {
    current.step = "test";
    saver.changed();
    await saver.flush();
    expect(saves()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves()).toHaveLength(1);
  });

  it("saves one at a time, in order, each with the progress as it is at its turn", async () => {
    const finish: (() => void)[] = [];
    invokeMock.mockImplementation(() => new Promise((resolve) => finish.push(() => resolve(null))));
    current.step = "service_user";
    const first = saver.flush();
    await vi.advanceTimersByTimeAsync(0);
    current.step = "permission_group";
    const second = saver.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(saves()).toHaveLength(1);
    finish[0]();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(saves()).toEqual([
      { progress: { ...sample(), step: "service_user" } },
      { progress: { ...sample(), step: "permission_group" } },
    ]);
    finish[1]();
    await second;
  });

  it("keeps the failure until a save works, and tries again on the next change", async () => {
    invokeMock.mockRejectedValueOnce({ kind: "io", message: "Could not save.", hint: "Check the disk." });
    current.step = "service_user";
    await saver.flush();
    expect(saver.error?.message).toBe("Could not save.");

    await saver.flush();
    expect(saves()).toHaveLength(2);
    expect(saver.error).toBeNull();
  });

  it("a disposed saver leaves a pending save undone", async () => {
    current.step = "service_user";
    saver.changed();
    saver.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves()).toHaveLength(0);
  });
});
