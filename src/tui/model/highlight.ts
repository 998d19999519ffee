// SQL syntax highlighting (cli-highlight), loaded once the list is shown: highlight.js takes
// about 100 ms to load, and the list must appear before that. Until it is loaded, SQL shows
// plain.

type Highlight = (code: string) => string;

let highlighter: Highlight | undefined;
let loading: Promise<void> | undefined;

export function loadHighlighter(): Promise<void> {
  loading ??= import('cli-highlight').then((module) => {
    highlighter = (code) => module.highlight(code, { language: 'sql', ignoreIllegals: true });
  });
  return loading;
}

/** The highlighted SQL, or undefined while the highlighter is not loaded yet. */
export function highlightSql(code: string): string | undefined {
  return highlighter?.(code);
}
