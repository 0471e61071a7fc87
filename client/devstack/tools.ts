// Paths of the servers the project builds from registries (scripts/build-*.sh). Each script prints the
// binary's path and does nothing when it is already built, so this never downloads anything at run time.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

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
/** The Python with openpyxl that tools/xlsx-reader/read_workbook.py runs on (tests only). */
export const xlsxReaderPython = () => buildOnce('build-xlsx-reader.sh');
export const tlsDir = () => process.env.PAL_TLS_DIR ?? join(projectRoot, '.pal', 'tls');
