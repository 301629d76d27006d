import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { reviewCredentials, saveCredentials, testConnection, toErrorReport } from "./api";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
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
    expect(invokeMock).toHaveBeenNthCalledWith(2, "save_credentials", { serviceUserId: "SERVICE-1", token: "tok", sessionOnly: true });
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
});
