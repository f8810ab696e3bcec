// Node 20 lets CommonJS `require()` an ES module, but jest's module runtime on Node 20 does not.
// A few CommonJS dependencies require ESM-only packages (e.g. @fastify/static requires
// content-disposition 3). For those packages only (jest.config.js), this turns the ES module
// into CommonJS when - and only when - jest loads it through `require`.
const ts = require('typescript');

module.exports = {
  process(source, filename, options) {
    if (options.supportsStaticESM) return { code: source };
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, sourceMap: true, esModuleInterop: true },
    });
    return { code: outputText, map: sourceMapText };
  },
};
