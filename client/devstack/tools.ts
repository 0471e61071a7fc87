// Paths of the servers the project builds from registries (scripts/build-*.sh). Each script prints the
// binary's path and does nothing when it is already built, so this never downloads anything at run time.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const projectRoot = join(__dirname, '..', '..');

const built = new Map<string, string>();
function buildOnce(script: string): string {
  let path = built.get(script);
  if (!path) {
    path = execFileSync('bash', [join(projectRoot, 'scripts', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    built.set(script, path);
  }
  return path;
}

export const temporalCliPath = () => buildOnce('build-temporal.sh');
export const timeSkippingServerPath = () => buildOnce('build-test-server.sh');
export const mailpitPath = () => buildOnce('build-mailpit.sh');
/** The folder of pg_dump and pg_restore for the embedded PostgreSQL's version (`pal backup`, `pal restore`). */
export const pgToolsPath = () => buildOnce('build-pg-tools.sh');
/** The Python with openpyxl that tools/xlsx-reader/read_workbook.py runs on (tests only). */
export const xlsxReaderPython = () => buildOnce('build-xlsx-reader.sh');
export const tlsDir = () => process.env.PAL_TLS_DIR ?? join(projectRoot, '.pal', 'tls');

/**
 * The Chromium the browser tests drive: PAL_CHROMIUM, else Debian's `chromium` package (its binary itself, not the
 * /usr/bin/chromium launcher script, which adds flags of its own), else a `chromium` on PATH. scripts/setup.sh
 * installs the package when running as root.
 */
export function chromiumPath(): string {
  const named = process.env.PAL_CHROMIUM;
  if (named) {
    if (!executable(named)) throw new Error(`PAL_CHROMIUM=${named} is not an executable file`);
    return named;
  }
  const found = ['/usr/lib/chromium/chromium', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'chromium'))].find(executable);
  if (!found) throw new Error('Chromium is not installed. The browser tests need it: run `npm run setup` as root (it installs Debian\'s chromium package), or `apt-get install chromium` as root, or set PAL_CHROMIUM to a Chromium or Chrome binary.');
  return found;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
