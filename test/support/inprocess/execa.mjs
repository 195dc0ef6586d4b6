// `execa` as src/openshell/runner.ts sees it under test/support/inProcessSim.ts: a call of an executable
// registered with the in-process handler runs the simulator in this process; anything else goes to the real
// execa, unchanged.
const HANDLER = Symbol.for('fullsend.test.inProcessExeca');

export async function execa(file, args, options) {
  const handler = globalThis[HANDLER];
  if (handler && handler.claims(file)) return handler.run(file, args, options);
  const real = await import('execa');
  return real.execa(file, args, options);
}
