// Module hooks (node:module register) for test/support/inProcessSim.ts: the runner's `import('execa')`
// (src/openshell/runner.ts) resolves to ./execa.mjs, which runs the openshell simulator in this process for
// the executables a test registered and hands everything else to the real execa. Only that one importer is
// redirected; every other import resolves as usual.
let fake;

export async function initialize(data) {
  fake = data.fake;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'execa' && context.parentURL && /\/src\/openshell\/runner\.js$/.test(context.parentURL)) {
    return { url: fake, shortCircuit: true };
  }
  return next(specifier, context);
}
