import type { CodeOptions } from 'ajv';

// ajv does not re-export its regular-expression engine types from the package root.
type RegExpEngine = NonNullable<CodeOptions['regExp']>;
type RegExpLike = ReturnType<RegExpEngine>;

// Go (RE2) inline flags at the start of a pattern, e.g. `(?i)^[a-z]+$`.
const LEADING_FLAGS = /^\(\?([imsU]+)\)/;

/**
 * Compiles CRD `pattern`s, which Kubernetes evaluates with Go's RE2, as JavaScript regular
 * expressions: leading inline flags become JS flags, patterns that are invalid with the
 * `u` flag retry without it, and a pattern JavaScript cannot read at all is skipped (the
 * API server still enforces it) rather than making the whole schema unusable.
 * @internal
 */
export const lenientRegExp: RegExpEngine = Object.assign(
  (pattern: string, unicodeFlag: string): RegExpLike => {
    let source = pattern;
    let flags = unicodeFlag;
    const inline = LEADING_FLAGS.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      flags += inline[1].replace(/[^ims]/g, '');
    }
    for (const attempt of [flags, flags.replace('u', '')]) {
      try {
        return new RegExp(source, attempt);
      } catch {
        // Try the next, more permissive, flag set.
      }
    }
    return {
      test: () => true,
      toString: () => `unchecked:${pattern}`,
    } as RegExpLike;
  },
  { code: 'lenientRegExp' },
);
