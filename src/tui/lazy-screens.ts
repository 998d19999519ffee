// Screens loaded on first use: the new migration wizard and the schema diff bring templates,
// diffing and parsers, which the first frame does not need. They are fetched in the
// background once the app is up, so opening them later is instant.

import { lazy } from 'react';

const loadWizard = () => import('./screens/NewMigrationWizard.js');
const loadSchemaDiff = () => import('./screens/SchemaDiffScreen.js');

export const NewMigrationWizard = lazy(() => loadWizard().then((m) => ({ default: m.NewMigrationWizard })));
export const SchemaDiffScreen = lazy(() => loadSchemaDiff().then((m) => ({ default: m.SchemaDiffScreen })));

export function preloadScreens(): void {
  void loadWizard().catch(() => undefined);
  void loadSchemaDiff().catch(() => undefined);
}
