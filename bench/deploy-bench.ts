// npm run bench:deploy [-- SIZES ROUNDS]: deploy to N lab hosts (a real sshd each, see test/lab),
// cold and warm, side by side in the same run with
//   - our engine (deploy(): connect, preflight, agent upload when its hash differs, dry run, apply),
//   - Ansible (Debian's ansible; gather_facts off, pipelining, forks 20) copying and running the
//     same generated scripts (the director's with LVS_STUDIO_SKIP_IPVS=1: this kernel has no IPVS,
//     our director runs the nftables plane instead),
//   - the lower bound: per host, all in parallel, one ssh2 connect + SFTP upload of the agent + exec.
// Cold: the agent (ours) / the scripts folder and SSH control sockets (Ansible) removed first.
// Warm: nothing to change. Every tool checks host keys strictly against the lab's known_hosts.
// Root, the lab's tools and ansible-playbook are needed. SIZES default 3,20; ROUNDS default 3.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compilePlan } from '../src-core/compile/compile';
import { renderHostFiles } from '../src-core/render/bundle';
import type { Inventory } from '../src-core/model/inventory';
import { deploy } from '../src-main/services/deploy/engine';
import { connectSsh } from '../src-main/services/ssh/ssh-connect';
import { labCluster } from '../test/agent-e2e/lab-plans';
import { createLab, type Lab } from '../test/lab/lab';

const SIZES = (process.argv[2] ?? '3,20').split(',').map(Number);
const ROUNDS = Number(process.argv[3] ?? 3);
const AGENT_DIR = '/var/lib/lvs-studio-agent';
const SCRIPT_DIR = '/var/lib/lvs-bench';
const BUNDLE = resolve('resources/agent');
const AGENT_FILE = join(BUNDLE, 'lvs-agent.mjs');

const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]): string => `${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)}`;
const s = (ms: number): string => (ms / 1000).toFixed(2);

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function lowerBound(lab: Lab, hosts: string[]): Promise<void> {
  await Promise.all(
    hosts.map(async (h) => {
      const t = lab.sshTarget(h);
      const c = await connectSsh({ host: t.host, port: t.port, username: t.user, auth: { type: 'key', privateKey: readFileSync(t.privateKeyPath) }, knownHostsFiles: [t.knownHostsPath] });
      try {
        await new Promise<void>((ok, fail) =>
          c.sftp((e, sftp) => {
            if (e) return fail(e);
            sftp.fastPut(AGENT_FILE, '/var/lib/lvs-bench-agent.mjs', (err) => (err ? fail(err) : ok()));
          }),
        );
        await new Promise<void>((ok, fail) =>
          c.exec('true', (e, ch) => {
            if (e) return fail(e);
            ch.on('close', (code: number) => (code === 0 ? ok() : fail(new Error(`exit ${code}`))));
            ch.resume();
          }),
        );
      } finally {
        c.end();
      }
    }),
  );
}

async function benchSize(n: number, index: number): Promise<string[]> {
  const cluster = labCluster({ net: 60 + index, mode: 'dr', scheduler: 'rr', plane: 'nftables', rsCount: n - 1 });
  const targets = ['director', ...cluster.realServers];
  const work = mkdtempSync(join(tmpdir(), `lvs-deploy-bench-${n}-`));
  const lab = await createLab({ prefix: 'lvb', hosts: cluster.lab });
  try {
    const known = lab.sshTarget('director').knownHostsPath;
    const key = lab.sshTarget('director').privateKeyPath;
    const inventory: Inventory = {
      apiVersion: cluster.plan.apiVersion,
      kind: 'Inventory',
      hosts: Object.fromEntries(targets.map((h) => {
        const t = lab.sshTarget(h);
        return [h, { address: t.host, port: t.port, user: t.user, auth: 'key' as const, keyFile: t.privateKeyPath, agentDir: AGENT_DIR }];
      })),
    };
    const ours = async (): Promise<void> => {
      const r = await deploy({ plan: cluster.plan, inventory, knownHostsFiles: [known], bundleDir: BUNDLE, sshConfigText: '', agentSocket: '', concurrency: 20, confirm: async () => true });
      if (!r.ok) throw new Error(`deploy failed: ${JSON.stringify(r.hosts.filter((h) => h.error).map((h) => [h.hostId, h.error]))}`);
    };

    // Ansible: the generated script of each host, copied and run.
    const states = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const h of targets) {
      const script = renderHostFiles(cluster.plan, states.get(h)!).find((f) => f.kind === 'script')!;
      mkdirSync(join(work, 'bundle', h), { recursive: true });
      writeFileSync(join(work, 'bundle', h, 'lvs.sh'), script.content, { mode: 0o755 });
    }
    const controlDir = join(work, 'cp');
    writeFileSync(
      join(work, 'hosts.ini'),
      [
        '[lab]',
        ...targets.map((h) => `${h} ansible_host=${lab.sshTarget(h).host} ansible_port=${lab.sshTarget(h).port}`),
        '[lab:vars]',
        'ansible_user=root',
        `ansible_ssh_private_key_file=${key}`,
        `ansible_ssh_common_args='-o UserKnownHostsFile=${known} -o StrictHostKeyChecking=yes'`,
        'ansible_python_interpreter=/usr/bin/python3',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(work, 'ansible.cfg'),
      ['[defaults]', 'forks = 20', 'host_key_checking = True', 'gathering = explicit', 'stdout_callback = default', `local_tmp = ${join(work, 'tmp')}`, '[ssh_connection]', 'pipelining = True', `control_path_dir = ${controlDir}`, ''].join('\n'),
    );
    writeFileSync(
      join(work, 'deploy.yml'),
      [
        '- hosts: lab',
        '  gather_facts: false',
        '  tasks:',
        `    - file: { path: ${SCRIPT_DIR}, state: directory, mode: "0755" }`,
        `    - copy: { src: "${join(work, 'bundle')}/{{ inventory_hostname }}/lvs.sh", dest: ${SCRIPT_DIR}/lvs.sh, mode: "0755" }`,
        `    - command: ${SCRIPT_DIR}/lvs.sh apply`,
        '      environment: { LVS_STUDIO_SKIP_IPVS: "1" }',
        '',
      ].join('\n'),
    );
    const ansible = async (): Promise<void> => {
      const r = spawnSync('ansible-playbook', ['-i', join(work, 'hosts.ini'), join(work, 'deploy.yml')], { cwd: work, encoding: 'utf8', env: { ...process.env, ANSIBLE_CONFIG: join(work, 'ansible.cfg'), HOME: work } });
      if (r.status !== 0) throw new Error(`ansible-playbook failed (${r.status}): ${r.stdout.slice(-2000)}${r.stderr.slice(-1000)}`);
    };
    const forget = (dir: string): Promise<unknown> => Promise.all(targets.map((h) => lab.exec(h, ['rm', '-rf', dir])));

    // First deploys (full apply) before any measurement; both leave the hosts configured.
    await ours();
    await ansible();
    const t: Record<string, number[]> = { oursCold: [], oursWarm: [], ansibleCold: [], ansibleWarm: [], lower: [] };
    for (let r = 0; r < ROUNDS; r++) {
      await forget(AGENT_DIR);
      t.oursCold!.push(await timed(ours));
      t.oursWarm!.push(await timed(ours));
      await forget(SCRIPT_DIR);
      rmSync(controlDir, { recursive: true, force: true });
      t.ansibleCold!.push(await timed(ansible));
      t.ansibleWarm!.push(await timed(ansible));
      t.lower!.push(await timed(() => lowerBound(lab, targets)));
      process.stderr.write(`  ${n} hosts, round ${r + 1}/${ROUNDS}: ours ${s(t.oursCold!.at(-1)!)}/${s(t.oursWarm!.at(-1)!)} s, ansible ${s(t.ansibleCold!.at(-1)!)}/${s(t.ansibleWarm!.at(-1)!)} s, lower bound ${s(t.lower!.at(-1)!)} s\n`);
    }
    const lb = med(t.lower!);
    return [
      `| ${n} | cold | ${s(med(t.oursCold!))} (${range(t.oursCold!)}) | ${s(med(t.ansibleCold!))} (${range(t.ansibleCold!)}) | ${s(lb)} (${range(t.lower!)}) | ${(med(t.oursCold!) / lb).toFixed(1)}x | ${(med(t.ansibleCold!) / med(t.oursCold!)).toFixed(1)}x |`,
      `| ${n} | warm | ${s(med(t.oursWarm!))} (${range(t.oursWarm!)}) | ${s(med(t.ansibleWarm!))} (${range(t.ansibleWarm!)}) | ${s(lb)} | ${(med(t.oursWarm!) / lb).toFixed(1)}x | ${(med(t.ansibleWarm!) / med(t.oursWarm!)).toFixed(1)}x |`,
    ];
  } finally {
    await lab.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

const version = (execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '').trim();
const agentKb = Math.round(statSync(AGENT_FILE).size / 1024);
const rows: string[] = [];
for (const [i, n] of SIZES.entries()) rows.push(...(await benchSize(n, i)));
console.log(`LVS Studio deploy benchmark: ${version}; agent ${agentKb} KiB; ${ROUNDS} rounds; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| hosts | | ours, s (range) | Ansible, s (range) | lower bound, s | ours / lower bound | Ansible / ours |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
