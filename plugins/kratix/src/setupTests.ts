import '@testing-library/jest-dom';

// jsdom has no SVG layout; the dependency graph measures its nodes.
Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
  writable: true,
  value: () => ({ x: 0, y: 0, width: 120, height: 24 }),
});
