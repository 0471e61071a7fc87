// `npm run clean`: deletes what the local stack keeps for this clone: .pal/ (PostgreSQL data, Temporal's SQLite
// file, mail, certificates, dev.env) and, as root, the postgres user's folder for this clone outside it (PostgreSQL's
// programs and data). Refuses while a PostgreSQL of this clone runs. The shared build cache (~/.cache/pal) stays.
import { existsSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { systemDir } from './postgres';
import { projectRoot } from './tools';

const palDir = join(projectRoot, '.pal');
const outside = systemDir();

/** Clusters of this clone whose server runs (its postmaster.pid names a live process). */
function runningClusters(): string[] {
  const clusters = [join(palDir, 'postgres'), ...(existsSync(join(outside, 'data')) ? readdirSync(join(outside, 'data')).map((d) => join(outside, 'data', d)) : [])];
  // As root, .pal/postgres links to one of the others.
  return [...new Set(clusters.filter((dir) => existsSync(dir)).map((dir) => realpathSync(dir)))].filter((dir) => {
    try {
      process.kill(Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]), 0);
      return true;
    } catch {
      return false;
    }
  });
}

const running = runningClusters();
if (running.length) {
  console.error(`clean: PostgreSQL still runs on ${running.join(', ')}; stop npm run dev (or the tests) first`);
  process.exit(1);
}
rmSync(palDir, { recursive: true, force: true });
console.log(`clean: removed ${palDir}`);
if (existsSync(outside)) {
  if (process.getuid?.() === 0) {
    rmSync(outside, { recursive: true, force: true });
    console.log(`clean: removed ${outside}`);
  } else {
    console.log(`clean: ${outside} (PostgreSQL of this clone run as root) is left; run npm run clean as root to remove it`);
  }
}
