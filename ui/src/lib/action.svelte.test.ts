import { describe, expect, it } from "vitest";
import { Action } from "./action.svelte";

describe("Action", () => {
  it("is running while the function runs and returns its value", async () => {
    const action = new Action();
    let finish!: (value: number) => void;
    const done = action.run(() => new Promise<number>((resolve) => (finish = resolve)));
    expect(action.running).toBe(true);
    finish(7);
    expect(await done).toBe(7);
    expect(action.running).toBe(false);
    expect(action.error).toBeNull();
  });

  it("keeps an ErrorReport rejection as it is and clears it on the next run", async () => {
    const action = new Action();
    const report = { kind: "unreachable", message: "HiBob did not answer.", hint: "Check the network." };
    expect(await action.run(() => Promise.reject(report))).toBeUndefined();
    expect(action.error).toEqual(report);
    expect(action.running).toBe(false);

    let during: unknown = "unset";
    await action.run(async () => {
      during = action.error;
    });
    expect(during).toBeNull();
    expect(action.error).toBeNull();
  });

  it("turns anything else into the generic sentence, never the raw value", async () => {
    const action = new Action();
    await action.run(() => Promise.reject(new Error("boom at line 3")));
    expect(action.error?.kind).toBe("unexpected");
    expect(action.error?.message).toBe("Something went wrong inside HiBob Setup.");
  });

  it("lets onError react to the kind, and clear the error for a calm outcome", async () => {
    const action = new Action();
    const seen: string[] = [];
    await action.run(
      () => Promise.reject({ kind: "cancelled", message: "Cancelled.", hint: "" }),
      (error) => {
        seen.push(error.kind);
        if (error.kind === "cancelled") action.error = null;
      },
    );
    expect(seen).toEqual(["cancelled"]);
    expect(action.error).toBeNull();
  });
});
