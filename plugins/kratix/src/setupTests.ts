import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Every findBy* and waitFor waits for the element or condition its test needs, and returns
// as soon as it is there. The ceiling only decides when one that never comes is reported:
// testing-library's default of 1 s (and jest's 5 s per test) was raced by slower renders
// under --coverage on a loaded 2-core CI machine, failing tests whose page was merely slow.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(30_000);

// jsdom has no SVG layout; the dependency graph measures its nodes.
Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
  writable: true,
  value: () => ({ x: 0, y: 0, width: 120, height: 24 }),
});
