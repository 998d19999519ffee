// The lint findings of the migration the wizard is about to save, computed by core off the
// render path; findings of an older text are never shown for a newer one.

import { useEffect, useState } from 'react';
import type { Dialect } from '../../core/shared/dialect.js';
import type { RiskFinding } from '../../core/sql/assess.js';
import { lintMigrationText } from '../../core/sql/lint.js';

export function useMigrationFindings(content: string | null, name: string, dialect: Dialect): readonly RiskFinding[] {
  const [linted, setLinted] = useState<{ content: string; findings: RiskFinding[] } | null>(null);
  useEffect(() => {
    if (!content) return;
    let live = true;
    lintMigrationText(content, `00000000000000_${name || 'migration'}.sql`, dialect).then(
      (findings) => {
        if (live) setLinted({ content, findings });
      },
      // A preview aid only: if lint trips, the preview shows the file without findings.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [content, name, dialect]);
  return linted?.content === content ? linted.findings : [];
}
