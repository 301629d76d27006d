import { describe, expect, it } from "vitest";
import type { Waiting } from "$lib/bindings";
import { countdownText, secondsLeft, waitAnnouncement } from "./countdown";

const waiting: Waiting = {
  waiting_until: 1_800_000_060_000,
  reason: "HiBob asked us to slow down",
  endpoint: "POST /people/search",
};

describe("the wait countdown", () => {
  it("counts whole seconds, rounded up, down to the moment the request goes on", () => {
    expect(secondsLeft(waiting, 1_800_000_017_500)).toBe(43);
    expect(countdownText(waiting, 1_800_000_018_000)).toBe("HiBob asked us to slow down: trying again in 42 s");
    expect(countdownText(waiting, 1_800_000_059_999)).toBe("HiBob asked us to slow down: trying again in 1 s");
  });

  it("is gone once the wait is over, and when there is none", () => {
    expect(countdownText(waiting, 1_800_000_060_000)).toBeNull();
    expect(countdownText(waiting, 1_800_000_099_000)).toBeNull();
    expect(countdownText(null, 0)).toBeNull();
  });

  it("tells a screen reader once, in words", () => {
    expect(waitAnnouncement(waiting, 1_800_000_000_000)).toBe(
      "HiBob asked us to slow down. Trying again in about 60 seconds.",
    );
    expect(waitAnnouncement(waiting, 1_800_000_059_000)).toBe(
      "HiBob asked us to slow down. Trying again in about 1 second.",
    );
  });
});
