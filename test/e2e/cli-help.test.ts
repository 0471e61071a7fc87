// `pal --help`: every command and subcommand of the bin answers --help and -h with its usage on standard output and
// exit 0, whatever else is on the line. The commands and subcommands are read from pal's own usage, so a new one
// is covered as soon as its usage names it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../client/devstack/tools';
import { pool } from '../../bench/stats';

async function pal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(join(projectRoot, 'bin', 'pal.js'), args, { cwd: projectRoot }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** The words after `pal <command>` that name a subcommand in a usage text (not flags, not [options]). */
const subcommandsIn = (usage: string, command: string) =>
  [...new Set([...usage.matchAll(new RegExp(`pal ${command} ([a-z][a-z-]*)`, 'g'))].map((m) => m[1]!))];

test("pal, pal help, --help and -h print the usage of pal on standard output and exit 0; pal help COMMAND, the command's", async () => {
  for (const args of [[], ['help'], ['--help'], ['-h']]) {
    const run = await pal(...args);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^usage: pal COMMAND/);
  }
  expect(await pal('help', 'metrics')).toEqual(await pal('metrics', '--help'));
  const unknown = await pal('frobnicate');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/Unknown command 'frobnicate'/);
});

test('every command and subcommand answers --help and -h with its usage on standard output and exit 0', async () => {
  const commands = [...(await pal('--help')).stdout.matchAll(/^ {2}pal ([a-z-]+)/gm)].map((m) => m[1]!);
  expect(commands).toEqual(expect.arrayContaining(['lead', 'route', 'report', 'assister', 'metrics', 'check', 'backup', 'restore', 'contact-point']));

  const usages = new Map<string, string>();
  await pool(commands.length, 3, async (i) => {
    const command = commands[i]!;
    for (const flag of ['--help', '-h']) {
      const run = await pal(command, flag);
      expect({ command, flag, code: run.code, stderr: run.stderr }).toEqual({ command, flag, code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^usage: pal ${command}`));
      usages.set(command, run.stdout);
    }
  });

  const calls = commands.flatMap((command) => subcommandsIn(usages.get(command)!, command).flatMap((sub) => [[command, sub, '--help'], [command, sub, '-h']]));
  // Each command with subcommands has them in its usage (lead, report, assister, metrics export, contact-point check).
  expect(calls.length).toBeGreaterThanOrEqual(2 * 25);
  // Help wins over anything else on the line: missing required flags, unknown flags, a flag's value.
  calls.push(['report', 'submit', '--bogus', '-h'], ['lead', 'contact', '--lead', 'x', '--help'], ['check', '--repair', '-h']);
  await pool(calls.length, 3, async (i) => {
    const [command, sub, ...rest] = calls[i]!;
    const run = await pal(command!, sub!, ...rest);
    expect({ args: calls[i], code: run.code, stderr: run.stderr }).toEqual({ args: calls[i], code: 0, stderr: '' });
    const expected = sub!.startsWith('-') ? `usage: pal ${command}` : `usage: pal ${command} ${sub} `;
    expect(`${run.stdout.split('\n')[0]} `).toContain(expected);
  });
});
