import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CredentialStatus } from "$lib/bindings";
import CredentialsStep from "./CredentialsStep.svelte";
import { progress } from "../../../test/fixtures";
import { loadedWizard, renderWithWizard } from "../../../test/wizard";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const invokeMock = vi.mocked(invoke);

const none: CredentialStatus = { service_user_id: null, token: "none", keychain_problem: null };
const stored: CredentialStatus = { service_user_id: "SERVICE-42", token: "keychain", keychain_problem: null };
const keychainError = {
  kind: "keychain_unavailable",
  message: "No credential store is available on this computer.",
  hint: "Install a keyring, or keep the token for this session only.",
};

type Handler = (args: Record<string, unknown> | undefined) => unknown;

function backend(handlers: Record<string, Handler>) {
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    const handler = handlers[cmd];
    if (!handler) throw { kind: "unknown_command", message: `no ${cmd}`, hint: "" };
    return handler(args as Record<string, unknown> | undefined);
  });
}

/** A real HiBob (not the demo company), as the admin chose on the welcome step. */
function production() {
  return loadedWizard({ progress: progress({ environment: { kind: "production" } }) });
}

function callsOf(cmd: string) {
  return invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, args]) => args);
}

async function type(testId: string, value: string) {
  await fireEvent.input(screen.getByTestId(testId), { target: { value } });
}

describe("CredentialsStep", () => {
  beforeEach(() => {
    invokeMock.mockReset();
    backend({
      credential_status: () => none,
      review_credentials: () => ({ cleaned: [], suspicions: [] }),
      save_credentials: () => stored,
      forget_credentials: () => none,
    });
  });

  it("toggles the token between hidden and shown", async () => {
    renderWithWizard(CredentialsStep, production(), { debounceMs: 0 });
    const token = screen.getByTestId("cred-token");
    const toggle = screen.getByRole("button", { name: "Show token" });
    expect(token).toHaveAttribute("type", "password");
    expect(toggle).toHaveAttribute("aria-pressed", "false");

    await fireEvent.click(toggle);
    expect(token).toHaveAttribute("type", "text");
    expect(toggle).toHaveAttribute("aria-pressed", "true");

    await fireEvent.click(toggle);
    expect(token).toHaveAttribute("type", "password");
  });

  it("shows what review_credentials suspects while typing", async () => {
    backend({
      credential_status: () => none,
      review_credentials: () => ({
        cleaned: ["Removed quotes around the token."],
        suspicions: [{ kind: "swapped", text: "The ID looks like a token: are the fields swapped?" }],
      }),
    });
    renderWithWizard(CredentialsStep, production(), { debounceMs: 0 });
    await type("cred-id", "abcdef0123456789abcdef");
    await type("cred-token", "SERVICE-1234");

    expect(await screen.findByText("The ID looks like a token: are the fields swapped?")).toBeInTheDocument();
    expect(screen.getByText("Removed quotes around the token.")).toBeInTheDocument();
    await waitFor(() =>
      expect(callsOf("review_credentials")).toContainEqual({
        serviceUserId: "abcdef0123456789abcdef",
        token: "SERVICE-1234",
      }),
    );
  });

  it("saves the typed values, shows the stored status and clears the token", async () => {
    const wizard = production();
    renderWithWizard(CredentialsStep, wizard, { debounceMs: 0 });
    await type("cred-id", "SERVICE-42");
    await type("cred-token", "secret-token");
    await fireEvent.click(screen.getByTestId("cred-save"));

    await waitFor(() => expect(screen.getByTestId("cred-token")).toHaveValue(""));
    expect(callsOf("save_credentials")).toEqual([
      { serviceUserId: "SERVICE-42", token: "secret-token", sessionOnly: false },
    ]);
    expect(screen.getByTestId("cred-id")).toHaveValue("SERVICE-42");
    expect(screen.getByTestId("cred-status")).toHaveTextContent("credential store");
    expect(screen.getByTestId("cred-status")).toHaveTextContent("SERVICE-42");
    expect(wizard.progress?.service_user_id).toBe("SERVICE-42");
  });

  it("offers session-only storage when the keychain is unavailable", async () => {
    let attempts = 0;
    backend({
      credential_status: () => none,
      review_credentials: () => ({ cleaned: [], suspicions: [] }),
      save_credentials: (args) => {
        attempts += 1;
        if (!args?.sessionOnly) throw keychainError;
        return { service_user_id: "SERVICE-42", token: "session", keychain_problem: keychainError };
      },
    });
    renderWithWizard(CredentialsStep, production(), { debounceMs: 0 });
    await type("cred-id", "SERVICE-42");
    await type("cred-token", "secret-token");
    await fireEvent.click(screen.getByTestId("cred-save"));

    const alert = await screen.findByText(keychainError.message);
    expect(alert.closest("[role=alert]")).not.toBeNull();
    expect(screen.getByText(keychainError.hint)).toBeInTheDocument();
    // Nothing typed is lost after a failed save.
    expect(screen.getByTestId("cred-token")).toHaveValue("secret-token");

    await fireEvent.click(screen.getByTestId("cred-session-only"));
    await waitFor(() => expect(attempts).toBe(2));
    expect(callsOf("save_credentials")[1]).toEqual({
      serviceUserId: "SERVICE-42",
      token: "secret-token",
      sessionOnly: true,
    });
    await waitFor(() => expect(screen.getByTestId("cred-token")).toHaveValue(""));
    expect(screen.getByTestId("cred-status")).toHaveTextContent("this session only");
  });

  it("shows a generic sentence for a rejection that is not an ErrorReport", async () => {
    backend({
      credential_status: () => none,
      review_credentials: () => ({ cleaned: [], suspicions: [] }),
      save_credentials: () => {
        throw new Error("boom at line 3");
      },
    });
    renderWithWizard(CredentialsStep, production(), { debounceMs: 0 });
    await type("cred-id", "SERVICE-42");
    await type("cred-token", "secret-token");
    await fireEvent.click(screen.getByTestId("cred-save"));
    expect(await screen.findByText("Something went wrong inside HiBob Setup.")).toBeInTheDocument();
    expect(screen.queryByText(/boom/)).toBeNull();
    expect(screen.getByTestId("cred-token")).toHaveValue("secret-token");
  });

  it("forgets stored credentials", async () => {
    backend({
      credential_status: () => stored,
      forget_credentials: () => none,
      review_credentials: () => ({ cleaned: [], suspicions: [] }),
    });
    renderWithWizard(CredentialsStep, production(), { debounceMs: 0 });
    const forget = screen.getByTestId("cred-forget");
    await waitFor(() => expect(forget).toBeEnabled());
    expect(screen.getByTestId("cred-id")).toHaveValue("SERVICE-42");
    await fireEvent.click(forget);
    await waitFor(() => expect(screen.getByTestId("cred-status")).toHaveTextContent("No credentials stored"));
    expect(callsOf("forget_credentials")).toHaveLength(1);
  });

  it("replaces the form with a note in the demo company", async () => {
    backend({ credential_status: () => ({ service_user_id: "DEMO", token: "demo", keychain_problem: null }) });
    renderWithWizard(CredentialsStep, production());
    expect(await screen.findByTestId("cred-demo-note")).toBeInTheDocument();
    expect(screen.queryByTestId("cred-token")).toBeNull();
  });
});
