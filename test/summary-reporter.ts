// mocha's Spec reporter plus the closing line CI reads: `<label>: N passed, N failed[, N skipped]`.
import Mocha = require('mocha');

class SummarySpec extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOption?: Record<string, string>; reporterOptions?: Record<string, string> }) {
    super(runner, options);
    const label = options?.reporterOption?.label ?? options?.reporterOptions?.label ?? 'mocha';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats!;
      console.log(`${label}: ${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}`);
    });
  }
}
export = SummarySpec;
