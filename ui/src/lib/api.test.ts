import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  cancelSync,
  exportPreview,
  reviewCredentials,
  saveCredentials,
  syncNow,
  testConnection,
  toErrorReport,
} from "$lib/api";
import type { SyncProgress } from "$lib/bindings";

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(),
  Channel: class {
    onmessage: (message: unknown) => void = () => {};
  },
}));
const invokeMock = vi.mocked(invoke);

describe("api", () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });

  it("passes camelCase arguments with the exact command names", async () => {
    invokeMock.mockResolvedValue(null);
    await reviewCredentials("SERVICE-1", "tok");
    await saveCredentials("SERVICE-1", "tok", true);
    expect(invokeMock).toHaveBeenNthCalledWith(1, "review_credentials", { serviceUserId: "SERVICE-1", token: "tok" });
    expect(invokeMock).toHaveBeenNthCalledWith(2, "save_credentials", {
      serviceUserId: "SERVICE-1",
      token: "tok",
      sessionOnly: true,
    });
  });

  it("passes ErrorReports through and turns anything else into a generic one", async () => {
    const report = { kind: "unreachable", message: "HiBob did not answer.", hint: "Check the network." };
    invokeMock.mockRejectedValueOnce(report);
    await expect(testConnection()).rejects.toEqual(report);

    invokeMock.mockRejectedValueOnce("raw string from a panic");
    const generic = toErrorReport("raw string from a panic");
    await expect(testConnection()).rejects.toEqual(generic);
    expect(generic.message).not.toContain("panic");
    expect(toErrorReport({ message: "partial" }).kind).toBe("unexpected");
  });

  it("hands sync_now a channel whose messages reach the callback, and names the other sync commands", async () => {
    const seen: SyncProgress[] = [];
    invokeMock.mockImplementationOnce(async (_cmd: string, args?: unknown) => {
      const channel = (args as { onProgress: { onmessage: (p: SyncProgress) => void } }).onProgress;
      channel.onmessage({ phase: "fetching", fetched: 0, mapped: 0, waiting: null });
      return "result";
    });
    await expect(syncNow((p) => seen.push(p))).resolves.toBe("result");
    expect(invokeMock.mock.calls[0][0]).toBe("sync_now");
    expect(seen).toEqual([{ phase: "fetching", fetched: 0, mapped: 0, waiting: null }]);

    invokeMock.mockResolvedValue(null);
    await cancelSync();
    await exportPreview("json");
    expect(invokeMock).toHaveBeenNthCalledWith(2, "cancel_sync", undefined);
    expect(invokeMock).toHaveBeenNthCalledWith(3, "export_preview", { format: "json" });
  });
});
