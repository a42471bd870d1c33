// TCP forwarding between the test process's namespace and the lab's management namespace, over
// Unix sockets (which, unlike TCP, reach across network namespaces).
//   inner <readyFile> <socketPath>=<ip>:<port>...   run in the management namespace
//   outer <readyFile> <name>=<socketPath>...         run in the test's namespace: listens on
//                                                    127.0.0.1, writes {"name": port} to readyFile
import { createConnection, createServer } from 'node:net';
import { renameSync, writeFileSync } from 'node:fs';

const [mode, readyFile, ...pairs] = process.argv.slice(2);

function pipe(client, connect) {
  const upstream = connect();
  client.pipe(upstream).pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on('error', close);
  upstream.on('error', close);
}

async function listen(server, ...args) {
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(...args, resolve); });
  return server;
}

const ready = {};
for (const pair of pairs) {
  const eq = pair.indexOf('=');
  const [key, target] = [pair.slice(0, eq), pair.slice(eq + 1)];
  if (mode === 'inner') {
    const colon = target.lastIndexOf(':');
    const [host, port] = [target.slice(0, colon), Number(target.slice(colon + 1))];
    await listen(createServer((c) => pipe(c, () => createConnection({ host, port }))), key);
  } else if (mode === 'outer') {
    const server = await listen(createServer((c) => pipe(c, () => createConnection(target))), 0, '127.0.0.1');
    ready[key] = server.address().port;
  } else {
    process.stderr.write('usage: forward.mjs inner|outer <readyFile> <pairs>...\n');
    process.exit(2);
  }
}
// Written whole, then renamed: the lab polls for the file and reads it at once.
writeFileSync(`${readyFile}.tmp`, JSON.stringify(ready));
renameSync(`${readyFile}.tmp`, readyFile);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
