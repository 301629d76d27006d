// Rendering one screen or component on its own, with the Wizard it would get from App.
import { render } from "@testing-library/svelte";
import type { Component } from "svelte";
import { Wizard, wizardContext } from "$lib/wizard.svelte";
import { appInfo, progress } from "./fixtures";

type WizardState = Partial<Pick<Wizard, "info" | "progress" | "checklist" | "diagnosis" | "syncResult">>;

/** A Wizard as after loading (the fixtures' guide and progress), with `state` on top. No backend call. */
export function loadedWizard(state: WizardState = {}): Wizard {
  const wizard = new Wizard({ saveDelayMs: 0 });
  Object.assign(wizard, { info: appInfo(), progress: progress(), ...state });
  if (wizard.progress) wizard.saver.loaded(wizard.progress);
  return wizard;
}

/** Renders `component` with `props`, inside `wizard`'s context. */
export function renderWithWizard<Props extends Record<string, unknown>>(
  component: Component<Props>,
  wizard: Wizard,
  props: NoInfer<Partial<Props>> = {},
) {
  return render(component as Component<Record<string, unknown>>, { props, context: wizardContext(wizard) });
}
