// What a parsed template is. Types only: the library that loads templates and the renderer
// that fills them both depend on it, never on each other.

import type { Dialect } from '../shared/dialect.js';
import type { DerivedSpec } from './derived.js';
import type { Placeholder } from './values.js';

export type TemplateSource = 'shipped' | 'project';

/** One template file, parsed. */
export interface TemplateVariant {
  name: string;
  /** The database this variant is for; `generic` for `<name>.sql`. */
  dialect: Dialect;
  source: TemplateSource;
  path: string;
  description: string;
  placeholders: Placeholder[];
  derived: DerivedSpec[];
  /** The migration text with `{{…}}` tags, front matter removed. */
  body: string;
}

/** A template picked for a dialect, with a note when it fell back to the generic SQL. */
export interface ChosenTemplate extends TemplateVariant {
  requestedDialect: Dialect;
  notes: string[];
}
