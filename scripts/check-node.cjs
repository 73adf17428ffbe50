// Fails early with a clear message on Node < 22.12 (better-sqlite3 13 segfaults on Node 20).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `AVSal Workstation needs Node.js >= 22.12 (24 LTS recommended); this is ${process.version}.\n` +
      'Install Node 24 (e.g. `npm install -g node@24`, or from nodejs.org) and run the command again.'
  );
  process.exit(1);
}
