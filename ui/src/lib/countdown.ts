import type { Waiting } from "$lib/bindings";

/** Whole seconds left until `waiting_until`, rounded up so "0 s" is never shown while waiting. */
export function secondsLeft(waiting: Waiting, nowMs: number): number {
  return Math.max(0, Math.ceil((waiting.waiting_until - nowMs) / 1000));
}

/** The visible countdown, or null once the wait is over (the request goes on). */
export function countdownText(waiting: Waiting | null, nowMs: number): string | null {
  if (!waiting) return null;
  const left = secondsLeft(waiting, nowMs);
  return left > 0 ? `${waiting.reason}: trying again in ${left} s` : null;
}

/** What a screen reader hears once per wait: the ticking seconds would be too chatty. */
export function waitAnnouncement(waiting: Waiting, nowMs: number): string {
  const left = secondsLeft(waiting, nowMs);
  return `${waiting.reason}. Trying again in about ${left} ${left === 1 ? "second" : "seconds"}.`;
}
