// Renders the whole app into ink-testing-library at a chosen terminal size, with a small
// DSL in the spirit of lazygit's integration tests: press keys, wait for text.

import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/App.js';
import type { Features } from '../../src/tui/app-layout.js';
import type { Project } from '../../src/core/project/project.js';

export const KEYS: Record<string, string> = {
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  'shift+tab': '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  'ctrl+c': '\x03',
  backspace: '\x7f',
  home: '\x1b[H',
  end: '\x1b[F',
};

const NOW = new Date('2024-06-01T12:00:00Z');

export interface TestScreen {
  frame(): string;
  /** The last frame as written to the terminal, escape sequences included. */
  rawFrame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(expected: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  /** Whether the user quit. */
  quitted(): boolean;
  /** Files the app asked the editor to open. */
  edited: string[];
  /** Texts the app put on the clipboard (OSC 52). */
  copied: string[];
  unmount(): void;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The optional parts that need real core behind them are off unless a test asks. */
const NO_FEATURES: Features = { risk: false, schemaDiff: false, wizard: false };

export interface RenderOptions {
  columns?: number;
  rows?: number;
  features?: Features;
  colour?: boolean;
  /** What the fake editor does with the file (default: nothing). */
  editor?: (path: string) => Promise<void>;
}

export async function renderApp(project: Project, options: RenderOptions = {}): Promise<TestScreen> {
  let quit = false;
  const edited: string[] = [];
  const copied: string[] = [];
  const openEditor = async (path: string) => {
    edited.push(path);
    await options.editor?.(path);
  };
  const instance = render(
    <App
      project={project}
      colour={options.colour ?? false}
      watch={false}
      now={() => NOW}
      features={options.features ?? NO_FEATURES}
      openEditor={openEditor}
      copyToClipboard={(text) => copied.push(text)}
      onQuit={() => {
        quit = true;
      }}
    />,
  );
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  const screen: TestScreen = {
    frame: () => stripVTControlCharacters(instance.lastFrame() ?? ''),
    rawFrame: () => instance.lastFrame() ?? '',
    async press(...keys) {
      for (const key of keys) {
        instance.stdin.write(KEYS[key] ?? key);
        // Ink flushes a lone ESC on the next turn of the event loop.
        await tick();
        await tick();
      }
    },
    async type(text) {
      for (const ch of text) await screen.press(ch);
    },
    async waitFor(expected, timeoutMs = 3000) {
      const matches = typeof expected === 'string' ? (f: string) => f.includes(expected) : expected;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const frame = screen.frame();
        if (matches(frame)) return frame;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(
        `Timed out waiting for ${typeof expected === 'string' ? JSON.stringify(expected) : 'a frame'}. Last frame:\n${screen.frame()}`,
      );
    },
    resize(columns, rows) {
      Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
      stdout.emit('resize');
    },
    quitted: () => quit,
    edited,
    copied,
    unmount: () => instance.unmount(),
  };
  screen.resize(options.columns ?? 100, options.rows ?? 30);
  return screen;
}

/** Every line of a frame is at most `columns` cells and there are at most `rows` lines. */
export function fitsIn(frame: string, columns: number, rows: number): boolean {
  const lines = frame.split('\n');
  return lines.length <= rows && lines.every((l) => [...l].length <= columns);
}
