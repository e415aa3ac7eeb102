import {
  freeFormToYaml,
  objectToRows,
  parseFreeFormYaml,
  rowsToObject,
} from './freeFormValue';

describe('free-form object editing', () => {
  it('shows a flat object as rows, and a nested one only as YAML', () => {
    expect(objectToRows({ LOG_LEVEL: 'debug', WORKERS: 4 })).toEqual([
      { key: 'LOG_LEVEL', value: 'debug' },
      { key: 'WORKERS', value: '4' },
    ]);
    expect(objectToRows(undefined)).toEqual([]);
    expect(objectToRows({ tls: { enabled: true } })).toBeUndefined();
  });

  it('reads rows as an object of strings, skipping blank rows', () => {
    expect(
      rowsToObject([
        { key: 'LOG_LEVEL', value: 'debug' },
        { key: '', value: '' },
        { key: 'WORKERS', value: '4' },
      ]),
    ).toEqual({ value: { LOG_LEVEL: 'debug', WORKERS: '4' } });
    expect(rowsToObject([{ key: '', value: '' }])).toEqual({
      value: undefined,
    });
  });

  it('reads values as the type the map declares', () => {
    expect(rowsToObject([{ key: 'cpu', value: '2' }], 'integer')).toEqual({
      value: { cpu: 2 },
    });
    expect(rowsToObject([{ key: 'cpu', value: 'two' }], 'integer')).toEqual({
      error: 'The value of "cpu" must be a number',
    });
    expect(rowsToObject([{ key: 'on', value: 'yes' }], 'boolean')).toEqual({
      error: 'The value of "on" must be true or false',
    });
  });

  it('refuses a key given twice and a value without a key', () => {
    expect(
      rowsToObject([
        { key: 'A', value: '1' },
        { key: 'A', value: '2' },
      ]),
    ).toEqual({ error: 'The key "A" is given twice' });
    expect(rowsToObject([{ key: ' ', value: 'x' }])).toEqual({
      error: 'Row 1 has a value but no key',
    });
  });

  it('reads YAML with nested values, and says what is wrong with bad YAML', () => {
    expect(
      parseFreeFormYaml('tls:\n  enabled: true\nports: [80, 443]\n'),
    ).toEqual({
      value: { tls: { enabled: true }, ports: [80, 443] },
    });
    expect(parseFreeFormYaml('')).toEqual({ value: undefined });
    expect(parseFreeFormYaml('- a\n- b\n')).toEqual({
      error: 'Must be a YAML mapping: one "key: value" per line',
    });
    expect(parseFreeFormYaml('a: [1,\n').error).toMatch(/^Not valid YAML: /);
  });

  it('writes an object as YAML, and no value as empty text', () => {
    expect(freeFormToYaml({ tls: { enabled: true } })).toBe(
      'tls:\n  enabled: true\n',
    );
    expect(freeFormToYaml(undefined)).toBe('');
  });
});
