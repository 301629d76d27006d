import { render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Waiting } from "$lib/bindings";
import WaitCountdown from "./WaitCountdown.svelte";

describe("WaitCountdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_800_000_000_000);
  });
  afterEach(() => vi.useRealTimers());

  const waiting: Waiting = {
    waiting_until: 1_800_000_042_000,
    reason: "HiBob asked us to slow down",
    endpoint: "POST /people/search",
  };

  it("ticks down live and clears itself when the request goes on", async () => {
    render(WaitCountdown, { waiting });
    const line = screen.getByTestId("wait-countdown");
    expect(line.getAttribute("aria-live")).toBe("polite");
    expect(line.textContent).toContain("HiBob asked us to slow down: trying again in 42 s");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(line.textContent).toContain("trying again in 32 s");
    await vi.advanceTimersByTimeAsync(32_000);
    expect(line.textContent?.trim()).toBe("");
  });

  it("keeps its place in the layout with no wait, and says nothing", () => {
    render(WaitCountdown, { waiting: null });
    const line = screen.getByTestId("wait-countdown");
    expect(line.textContent?.trim()).toBe("");
  });
});
