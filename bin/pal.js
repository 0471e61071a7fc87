#!/usr/bin/env node
// The `pal` command: runs the TypeScript CLI through tsx (a runtime dependency).
require('tsx/cjs');
require('../client/cli/main.ts');
