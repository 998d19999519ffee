// A cursor over one statement's tokens for the pattern classifier: keyword sequences,
// (qualified) names, balanced parentheses, top-level comma lists. Reads past the end
// harmlessly, so malformed SQL yields "nothing matched", never an exception.

import type { Token } from './lexer.js';

export class TokenCursor {
  constructor(
    readonly tokens: readonly Token[],
    public pos = 0,
    readonly end = tokens.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  peek(offset = 0): Token | undefined {
    const at = this.pos + offset;
    return at < this.end ? this.tokens[at] : undefined;
  }

  /** The upper-cased keyword at `offset`, or '' when that token is not a bare word. */
  word(offset = 0): string {
    const token = this.peek(offset);
    return token?.type === 'word' ? token.value : '';
  }

  punct(offset = 0): string {
    const token = this.peek(offset);
    return token?.type === 'punct' ? token.value : '';
  }

  /** True when the next words are exactly `words`. */
  is(...words: string[]): boolean {
    return words.every((w, i) => this.word(i) === w);
  }

  /** Consumes `words` when they come next. */
  accept(...words: string[]): boolean {
    if (!this.is(...words)) return false;
    this.pos += words.length;
    return true;
  }

  /** Consumes and returns the next word when it is one of `words`, else ''. */
  acceptOneOf(words: ReadonlySet<string>): string {
    const word = this.word();
    if (!words.has(word)) return '';
    this.pos++;
    return word;
  }

  acceptPunct(value: string): boolean {
    if (this.punct() !== value) return false;
    this.pos++;
    return true;
  }

  /** A possibly qualified name (`schema.table`); null when the next token is not a name. */
  name(): string | null {
    const parts: string[] = [];
    for (;;) {
      const token = this.peek();
      if (!token || (token.type !== 'word' && token.type !== 'ident')) break;
      parts.push(token.type === 'word' ? token.value.toLowerCase() : token.value);
      this.pos++;
      if (this.punct() !== '.' || !isName(this.peek(1))) break;
      this.pos++;
    }
    return parts.length ? parts.join('.') : null;
  }

  /** Index of the `)` closing the `(` here; undefined when no group starts here. */
  parenEnd(): number | undefined {
    if (this.punct() !== '(') return undefined;
    const start = this.pos;
    this.skipParens();
    const close = this.pos - 1;
    this.pos = start;
    return close > start && this.tokens[close].type === 'punct' && this.tokens[close].value === ')' ? close : undefined;
  }

  /** Skips a parenthesised group when one starts here. */
  skipParens(): void {
    if (this.punct() !== '(') return;
    let depth = 0;
    while (!this.done) {
      const p = this.punct();
      this.pos++;
      if (p === '(') depth++;
      else if (p === ')' && --depth === 0) return;
    }
  }

  /** Splits the rest into cursors at top-level commas. */
  splitTopLevel(): TokenCursor[] {
    const parts: TokenCursor[] = [];
    let depth = 0;
    let start = this.pos;
    for (let i = this.pos; i < this.end; i++) {
      const token = this.tokens[i];
      if (token.type !== 'punct') continue;
      if (token.value === '(') depth++;
      else if (token.value === ')') depth = Math.max(0, depth - 1);
      else if (token.value === ',' && depth === 0) {
        if (i > start) parts.push(new TokenCursor(this.tokens, start, i));
        start = i + 1;
      }
    }
    if (this.end > start) parts.push(new TokenCursor(this.tokens, start, this.end));
    this.pos = this.end;
    return parts;
  }

  /** Indexes of the tokens from here that are not inside parentheses (the parentheses excluded). */
  private *topLevelIndexes(): Generator<number> {
    let depth = 0;
    for (let i = this.pos; i < this.end; i++) {
      const token = this.tokens[i];
      if (token.type === 'punct' && token.value === '(') depth++;
      else if (token.type === 'punct' && token.value === ')') depth = Math.max(0, depth - 1);
      else if (depth === 0) yield i;
    }
  }

  /** Index of the first top-level word among `words` from here, or -1. */
  findTopLevel(words: ReadonlySet<string>): number {
    for (const i of this.topLevelIndexes()) {
      const token = this.tokens[i];
      if (token.type === 'word' && words.has(token.value)) return i;
    }
    return -1;
  }

  /** True when the word sequence occurs at top level anywhere from here. */
  hasTopLevel(...sequence: string[]): boolean {
    for (const i of this.topLevelIndexes()) {
      if (sequence.every((w, k) => i + k < this.end && this.tokens[i + k].type === 'word' && this.tokens[i + k].value === w)) return true;
    }
    return false;
  }
}

function isName(token: Token | undefined): boolean {
  return token?.type === 'word' || token?.type === 'ident';
}
