// The order jest starts suites in: those that wait longest on real clocks (processes killed and restarted, many
// browser pages) first, so the others run beside them; a clean clone has no timing cache for jest to go by.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['test/faults/faults.test.ts', 'test/browser/portal.test.ts', 'test/browser/intake.test.ts', 'test/browser/directory.test.ts', 'test/browser/staff-journey.test.ts'];
const rank = (test) => {
  const i = FIRST.findIndex((path) => test.path.endsWith(path));
  return i === -1 ? FIRST.length : i;
};

class LongestFirst extends Sequencer {
  async sort(tests) {
    // Array.prototype.sort is stable: the rest keep jest's own order.
    return [...(await super.sort(tests))].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
