/** Patterns people meet often, said in words. */
const KNOWN: Array<[RegExp, string]> = [
  [
    /^\^\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\$$/,
    "lower-case letters, digits and '-'; starts and ends with a letter or digit",
  ],
  [
    /^\^\[a-z\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\$$/,
    "lower-case letters, digits and '-'; starts with a letter and ends with a letter or digit",
  ],
  [
    /^\^\[a-z\]\[a-z0-9-\]\*\$$|^\^\[a-z\]\[-a-z0-9\]\*\$$/,
    "lower-case letters, digits and '-'; starts with a letter",
  ],
  [/^\^\[a-z0-9\]\+\$$/, 'lower-case letters and digits only'],
  [/^\^\[a-zA-Z0-9\]\+\$$/, 'letters and digits only'],
  [/^\^\[0-9\]\+\$$/, 'digits only'],
  [/^\^\\d\+\$$/, 'digits only'],
  [/^\^\[a-z\]\+\$$/, 'lower-case letters only'],
  [
    /^\^\[a-z0-9\]\(\[-a-z0-9\.\]\*\[a-z0-9\]\)\?\$$|^\^\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\(\\\.\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\)\*\$$/,
    "lower-case letters, digits, '-' and '.'; starts and ends with a letter or digit",
  ],
  [/^\^https\?:\/\//, 'a web address starting with http:// or https://'],
  [/^\^https:\/\//, 'a web address starting with https://'],
];

/**
 * What a regular expression allows, in words a person reads ("lower-case letters, digits and
 * '-'; starts and ends with a letter or digit"), or undefined when it has no plain wording.
 * API errors keep the pattern beside the words, for clients that read regular expressions;
 * forms show words only (see `patternMessage` for a pattern without any).
 * @public
 */
export function describePattern(pattern: string): string | undefined {
  return KNOWN.find(([re]) => re.test(pattern))?.[1];
}
