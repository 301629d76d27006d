import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import { invoke } from "@tauri-apps/api/core";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { BuilderChoices, BuiltProfile, ProfileDraft, ProfileSummary } from "$lib/bindings";
import WelcomeStep from "./WelcomeStep.svelte";
import { appInfo, checklist, profileSummary } from "../../../test/fixtures";
import { loadedWizard, renderWithWizard } from "../../../test/wizard";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
const invokeMock = vi.mocked(invoke);

const choices: BuilderChoices = {
  field_level_permissions: false,
  tables: [{ table: "work", name: "work history" }],
  groups: [
    {
      category: "work",
      name: "Work",
      custom: false,
      fields: [{ id: "work.title", name: "Job title", field_type: "list", historical: true }],
    },
    {
      category: "category_1720508362305",
      name: "Benefits",
      custom: true,
      fields: [{ id: "category_1720508362305.field_1", name: "Bike scheme", field_type: "text", historical: false }],
    },
  ],
};

const saved: ProfileSummary = { ...profileSummary("acme-gifts", "Acme Gifts", "Built"), saved: true };

beforeEach(() => {
  invokeMock.mockReset();
  invokeMock.mockImplementation(async (cmd: string, args?: unknown) => {
    switch (cmd) {
      case "builder_choices":
        return choices;
      case "build_profile": {
        const built: BuiltProfile = {
          id: "acme-gifts",
          checklist: checklist(),
          field_fixes: [],
          notes: [],
          toml: "",
        };
        return built;
      }
      case "save_built_profile":
        return saved;
      case "list_profiles":
        return [...appInfo().profiles, saved];
      case "save_progress":
      case "profile_checklist":
        return cmd === "profile_checklist" ? checklist() : null;
      default:
        throw { kind: "unexpected", message: `unexpected ${cmd} ${JSON.stringify(args)}`, hint: "" };
    }
  });
});

function calls(cmd: string) {
  return invokeMock.mock.calls.filter(([c]) => c === cmd).map(([, args]) => args as Record<string, unknown>);
}

describe("WelcomeStep", () => {
  it("finds a product by its kind or another name, and says when nothing matches", async () => {
    renderWithWizard(WelcomeStep, loadedWizard());
    const search = screen.getByTestId("product-search");

    await fireEvent.input(search, { target: { value: "payroll" } });
    expect(screen.getByTestId("profile-deel")).toBeInTheDocument();
    expect(screen.queryByTestId("profile-directory")).toBeNull();

    await fireEvent.input(search, { target: { value: "let's" } });
    expect(screen.getByTestId("profile-deel")).toBeInTheDocument();

    await fireEvent.input(search, { target: { value: "gifting tool" } });
    expect(screen.getByTestId("no-product")).toHaveTextContent("No product matches “gifting tool”");
  });

  it("shows where the chosen product's list comes from and what it leaves out", () => {
    const wizard = loadedWizard();
    wizard.progress!.profile = "deel";
    renderWithWizard(WelcomeStep, wizard);
    expect(screen.getByTestId("profile-details")).toHaveTextContent("https://help.example.com/deel-hibob");
    expect(screen.getByTestId("profile-caveats")).toHaveTextContent("cut off");
  });

  it("builds a profile from the company's fields, saves it and chooses it", async () => {
    const wizard = loadedWizard();
    renderWithWizard(WelcomeStep, wizard);
    await fireEvent.click(screen.getByTestId("build-profile"));
    expect(await screen.findByText("label inferred")).toBeInTheDocument();

    await fireEvent.input(screen.getByTestId("builder-name"), { target: { value: "Acme Gifts" } });
    await fireEvent.click(screen.getByTestId("write-work.title"));
    await fireEvent.click(screen.getByTestId("read-category_1720508362305.field_1"));
    await fireEvent.click(screen.getByTestId("table-work"));

    await waitFor(() => expect(screen.getByTestId("builder-save")).toBeInTheDocument());
    const draft = calls("build_profile").at(-1)!.draft as ProfileDraft;
    expect(draft).toEqual({
      name: "Acme Gifts",
      reads: ["category_1720508362305.field_1"],
      writes: ["work.title"],
      tables: ["work"],
      include_inactive: true,
    });
    // A field the product writes is read as well.
    expect(screen.getByTestId("read-work.title")).toBeChecked();

    await fireEvent.click(screen.getByTestId("builder-save"));
    await waitFor(() => expect(wizard.progress!.profile).toBe("acme-gifts"));
    expect(screen.getByTestId("profile-acme-gifts")).toBeChecked();
    expect(screen.getByText("Your profiles")).toBeInTheDocument();
  });

  it("sends the admin to the credentials step when the fields cannot be read without them", async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === "builder_choices") {
        throw { kind: "missing_token", message: "No token is saved.", hint: "Save the token first." };
      }
      return null;
    });
    const wizard = loadedWizard();
    renderWithWizard(WelcomeStep, wizard);
    await fireEvent.click(screen.getByTestId("build-profile"));
    await fireEvent.click(await screen.findByRole("button", { name: "Go to the credentials step" }));
    expect(wizard.progress!.step).toBe("credentials");
  });
});
