// The lab's tiny web server: answers every request with the host name it was given, so a test can
// see which real server a request reached. Usage: node web-server.mjs <name> <readyFile> [port]
// On `port` every response closes its connection (each request is a new flow); on port+1 the
// connection is kept alive without a timeout, for tests that hold one open across a change.
import { createServer } from 'node:http';
import { renameSync, writeFileSync } from 'node:fs';

const [name, readyFile, portText = '80'] = process.argv.slice(2);
if (!name || !readyFile) {
  process.stderr.write('usage: web-server.mjs <name> <readyFile> [port]\n');
  process.exit(2);
}
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
  res.end(`${name}\n`);
});
const keepAlive = createServer((req, res) => {
  req.resume();
  const body = `${name}\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
keepAlive.keepAliveTimeout = 0;
keepAlive.listen(Number(portText) + 1, '0.0.0.0');
server.listen(Number(portText), '0.0.0.0', () => {
  writeFileSync(`${readyFile}.tmp`, `${process.pid}\n`);
  renameSync(`${readyFile}.tmp`, readyFile);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
