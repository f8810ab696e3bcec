export { CatalogueError, loadCatalogue, parseCatalogue, type CatalogueProblem } from './catalogue.js';
export { evaluateRouting } from './evaluate.js';
export { isInForce } from './rules.js';
export * from './types.js';
