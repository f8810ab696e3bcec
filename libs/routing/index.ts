export { CatalogueError, loadCatalogue, parseCatalogue, type CatalogueProblem } from './catalogue.js';
export { evaluateRouting, factsMissingAbove, type RoutingOptions } from './evaluate.js';
export { isInForce } from './rules.js';
export * from './types.js';
