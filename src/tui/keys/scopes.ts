// The places a key can mean something (screens, dialogs, wizard steps) and what is known
// about each: its title in the help, whether it hides the keys of the scopes behind it, and
// whether its unbound keys are typed text. The bindings of each scope are in bindings.ts.

/** Scopes whose keys the app itself handles (App and its dialogs). */
export type AppScope =
  | 'global'
  | 'migrations'
  | 'migrations.detail'
  | 'migrations.search'
  | 'timeline'
  | 'timeline.detail'
  | 'dashboard'
  | 'analytics'
  | 'help'
  | 'preview'
  | 'migration-test'
  | 'confirm'
  | 'confirm.typed'
  | 'running'
  | 'outcome'
  | 'name-prompt'
  | 'mark'
  | 'mark.typed'
  | 'too-small';

/** One scope per step of the new migration wizard, which handles them itself. */
export type WizardScope = 'wizard.method' | 'wizard.name' | 'wizard.template' | 'wizard.fields' | 'wizard.edit' | 'wizard.preview';

/** The schema diff screen with a result on screen, and before it has one (dumping, or failed). */
type SchemaDiffScope = 'schema-diff' | 'schema-diff.waiting';

/** The Backups screen, which answers its keys itself: its list, a backup's details, the restore confirmation. */
type BackupsScope = 'backups' | 'backups.detail' | 'backups.confirm' | 'backups.confirm.typed' | 'backups.busy';

export type Scope = AppScope | WizardScope | SchemaDiffScope | BackupsScope;

export interface ScopeInfo {
  /** Heading in the `?` overlay and in the README. */
  title: string;
  /** A dialog or text entry: keys it does not bind go nowhere else (never to the screen behind). */
  modal?: boolean;
  /** Keys it does not bind are typed into its text field (so it must bind no printable key). */
  text?: boolean;
  /** The screen draws this scope's help bar itself; the app's bar leaves its keys out. */
  ownBar?: boolean;
  /** Left out of the README: the app as installed never shows it. */
  undocumented?: boolean;
}

/** In the order the README and the tests list them. */
export const SCOPES: Record<Scope, ScopeInfo> = {
  global: { title: 'Everywhere' },
  migrations: { title: 'Migrations' },
  'migrations.detail': { title: 'Migration SQL' },
  'migrations.search': { title: 'Search', modal: true, text: true },
  timeline: { title: 'Timeline' },
  'timeline.detail': { title: 'Timeline entry' },
  dashboard: { title: 'Dashboard' },
  analytics: { title: 'Analytics' },
  'schema-diff': { title: 'Schema diff', ownBar: true },
  'schema-diff.waiting': { title: 'Schema diff, while dumping or after a failure' },
  backups: { title: 'Backups' },
  'backups.detail': { title: 'Backup details' },
  'backups.confirm': { title: 'Restore a backup', modal: true },
  'backups.confirm.typed': { title: 'Restore a backup (production)', modal: true, text: true },
  // While a restore (or a backup) is under way no key starts anything else, quitting included.
  'backups.busy': { title: 'Backups, while restoring or writing', modal: true, undocumented: true },
  help: { title: 'Help', modal: true },
  preview: { title: 'Preview', modal: true },
  'migration-test': { title: 'Migration test', modal: true },
  confirm: { title: 'Confirm', modal: true },
  'confirm.typed': { title: 'Confirm (production)', modal: true, text: true },
  running: { title: 'Running', modal: true },
  outcome: { title: 'Result', modal: true },
  mark: { title: 'Mark applied / pending', modal: true },
  'mark.typed': { title: 'Mark applied / pending (production)', modal: true, text: true },
  // Only without the wizard, which the installed app always has (tests switch it off).
  'name-prompt': { title: 'New migration name', modal: true, text: true, undocumented: true },
  'wizard.method': { title: 'New migration: method', modal: true, ownBar: true },
  'wizard.name': { title: 'New migration: name', modal: true, text: true, ownBar: true },
  'wizard.template': { title: 'New migration: template', modal: true, ownBar: true },
  'wizard.fields': { title: 'New migration: values', modal: true, text: true, ownBar: true },
  'wizard.edit': { title: 'New migration: edit', modal: true, ownBar: true },
  'wizard.preview': { title: 'New migration: preview', modal: true, ownBar: true },
  'too-small': { title: 'Terminal too small', modal: true },
};

export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

/** What `when` predicates can look at. */
export interface KeyContext {
  /** The selected migration has a file on disk (it can be edited or previewed). */
  selectedHasFile: boolean;
  /** A search or a filter narrows the list (esc clears them). */
  narrowed: boolean;
  features: { risk: boolean; schemaDiff: boolean };
  /** Set by the wizard: its migration may run right after saving (not drift the database already has). */
  wizardCanRun?: boolean;
  /** The selected migration can be marked applied (pending, with a file) or pending (applied) without running it. */
  selectedMarkable?: boolean;
  /** Set by the wizard: its migration records drift the database already has, so it may be marked applied after saving. */
  wizardCanMark?: boolean;
  /** Set by the schema diff: it can be dumped again (a view shown alone, without a source, cannot). */
  diffCanReload?: boolean;
  /** An error is on the notice line (its message, fix and detail): `y` copies it. */
  errorOnNotice?: boolean;
  /** The run outcome on screen is a failure: `y` copies it. */
  errorInOutcome?: boolean;
  /** Set by the schema diff: its last dump failed: `y` copies the error. */
  errorInDiff?: boolean;
  /** Set by the Backups screen: a backup is selected (R restores it). */
  backupSelected?: boolean;
}

/** Before the app says more: nothing selected, nothing optional. */
export const EMPTY_KEY_CONTEXT: KeyContext = { selectedHasFile: false, narrowed: false, features: { risk: false, schemaDiff: false } };
