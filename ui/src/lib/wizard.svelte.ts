// The wizard's state and behaviour, apart from how it looks: what the backend said at start, the
// admin's progress (saved as it changes), the profile's checklist, the last test and Sync now, and
// moving between steps. App.svelte provides one Wizard to every screen through `setWizard`.
import { getContext, setContext, tick } from "svelte";
import { appInfo, listProfiles, loadProgress, openHibob, profileChecklist, toErrorReport } from "$lib/api";
import { Action } from "$lib/action.svelte";
import type {
  AppInfo,
  CredentialStatus,
  Diagnosis,
  EnvironmentChoice,
  ErrorReport,
  GuideStep,
  HibobPage,
  ProfileChecklist,
  Progress,
  StepId,
  SyncResult,
} from "$lib/bindings";
import { environmentName, lifecycleNames, type LifecycleNames } from "$lib/display";
import { ProgressSaver } from "$lib/progress-saver.svelte";

export interface GoToOptions {
  /** Move keyboard focus to the new step's title (after a jump from elsewhere on the page). */
  focus?: boolean;
}

export class Wizard {
  info = $state<AppInfo | null>(null);
  progress = $state<Progress | null>(null);
  checklist = $state<ProfileChecklist | null>(null);
  checklistError = $state<ErrorReport | null>(null);
  /** The last Test connection result; it survives leaving the step. */
  diagnosis = $state<Diagnosis | null>(null);
  /** The last Sync now result; it survives leaving the step. */
  syncResult = $state<SyncResult | null>(null);

  /** Loading the guide and the saved progress at start. */
  readonly loading = new Action();
  /** Opening a HiBob page from the guide. */
  readonly opening = new Action();
  readonly saver: ProgressSaver;

  /** Only the answer for the profile asked for last may land. */
  #checklistFor = 0;

  constructor({ saveDelayMs = 250 }: { saveDelayMs?: number } = {}) {
    this.saver = new ProgressSaver(() => this.progress, saveDelayMs);
  }

  get steps(): GuideStep[] {
    return this.info?.guide.steps ?? [];
  }

  /** The current step's position in `steps`, or -1 before loading. */
  get stepIndex(): number {
    const step = this.progress?.step;
    return step === undefined ? -1 : this.steps.findIndex((s) => s.id === step);
  }

  get current(): GuideStep | undefined {
    return this.stepIndex >= 0 ? this.steps[this.stepIndex] : this.steps[0];
  }

  get isDemo(): boolean {
    return this.progress?.environment.kind === "demo";
  }

  get profileName(): string {
    const id = this.progress?.profile;
    return this.info?.profiles.find((p) => p.id === id)?.name ?? id ?? "";
  }

  /** Lifecycle status names as Rust sends them. */
  get lifecycleNames(): LifecycleNames {
    return lifecycleNames(this.info?.lifecycle_statuses ?? []);
  }

  /** The header's name for the chosen environment. */
  get environmentName(): string {
    return this.progress ? environmentName(this.progress.environment, this.info?.guide.environments ?? []) : "";
  }

  get stepTitles(): Partial<Record<StepId, string>> {
    return Object.fromEntries(this.steps.map((s) => [s.id, s.title]));
  }

  /** What shows above every step: a failed guide action, else a failed save. */
  get error(): ErrorReport | null {
    return this.opening.error ?? this.saver.error;
  }

  async load() {
    await this.loading.run(async () => {
      const [info, progress] = await Promise.all([appInfo(), loadProgress()]);
      this.saver.loaded(progress);
      if (!progress.visited.includes(progress.step)) progress.visited = [...progress.visited, progress.step];
      this.info = info;
      this.progress = progress;
    });
    if (this.progress) {
      this.saver.changed();
      void this.loadChecklist();
    }
  }

  /** Fetches the checklist of the chosen profile; an answer for an earlier choice is dropped. */
  async loadChecklist() {
    const profile = this.progress?.profile;
    if (!profile) return;
    const asked = ++this.#checklistFor;
    this.checklistError = null;
    try {
      const checklist = await profileChecklist(profile);
      if (asked === this.#checklistFor) this.checklist = checklist;
    } catch (e) {
      if (asked === this.#checklistFor) {
        this.checklist = null;
        this.checklistError = toErrorReport(e);
      }
    }
  }

  /** Saves pending progress now; commands that read it (credentials, test, sync) call this first. */
  flush = (): Promise<void> => this.saver.flush();

  goTo(id: StepId, { focus = false }: GoToOptions = {}) {
    const progress = this.progress;
    if (!progress) return;
    this.opening.error = null;
    progress.step = id;
    if (!progress.visited.includes(id)) progress.visited.push(id);
    this.saver.changed();
    // A Test connection since the last visit may have learnt what this company cannot show.
    if (id === "permissions") void this.loadChecklist();
    if (focus) {
      void tick().then(() => document.querySelector<HTMLElement>('[data-testid="step-title"]')?.focus());
    }
  }

  next() {
    const i = this.stepIndex;
    if (i >= 0 && i < this.steps.length - 1) this.goTo(this.steps[i + 1].id);
  }

  back() {
    const i = this.stepIndex;
    if (i > 0) this.goTo(this.steps[i - 1].id);
  }

  /** Alt+← and Alt+→ move between steps, except in text fields (where they move by word). */
  onKeydown = (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (
      target instanceof Element &&
      target.closest("input[type=text], input[type=password], input[type=url], textarea")
    ) {
      return;
    }
    if (event.key === "ArrowLeft") {
      event.preventDefault();
      this.back();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      this.next();
    }
  };

  /** Another profile asks for other permissions: earlier results no longer apply. */
  setProfile(id: string) {
    if (!this.progress || this.progress.profile === id) return;
    this.progress.profile = id;
    this.diagnosis = null;
    this.syncResult = null;
    this.saver.changed();
    void this.loadChecklist();
  }

  /** After a profile was built or imported: the Welcome step offers it from now on. */
  async refreshProfiles() {
    const profiles = await listProfiles();
    if (this.info) this.info.profiles = profiles;
  }

  /** Another HiBob (or another custom address) makes earlier results stale. */
  setEnvironment(env: EnvironmentChoice) {
    if (!this.progress) return;
    const kindChanged = this.progress.environment.kind !== env.kind;
    this.progress.environment = env;
    if (kindChanged || env.kind === "custom") {
      this.diagnosis = null;
      this.syncResult = null;
    }
    this.saver.changed();
  }

  /** Remembers which service user the stored credentials belong to (not for the demo company). */
  onCredentialStatus(status: CredentialStatus) {
    if (!this.progress || status.token === "demo") return;
    const id = status.token === "none" ? null : status.service_user_id;
    if (this.progress.service_user_id !== id) this.progress.service_user_id = id;
    this.saver.changed();
  }

  async open(page: HibobPage) {
    await this.opening.run(() => openHibob(page));
  }

  dispose() {
    this.saver.dispose();
  }
}

const KEY = Symbol("wizard");

/** Makes `wizard` available to the component being initialised and everything inside it. */
export function setWizard(wizard: Wizard): Wizard {
  return setContext(KEY, wizard);
}

/** The Wizard provided by an enclosing component (App, or a test). */
export function getWizard(): Wizard {
  const wizard = getContext<Wizard | undefined>(KEY);
  if (!wizard) throw new Error("No Wizard: render this inside App (or give one through setWizard).");
  return wizard;
}

/** For tests: the context that hands `wizard` to a component rendered on its own. */
export function wizardContext(wizard: Wizard): Map<symbol, Wizard> {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- handed once to render(), never changed
  return new Map([[KEY, wizard]]);
}
