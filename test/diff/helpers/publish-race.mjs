// Worker for jvm.test.ts: workers publish the same cache folder at once (lined up by a barrier each round), then
// read it at once, as translate reads the compat jar right after building it. Counts reads that found nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export function race(mod, base, workers, rounds) {
  const sab = new SharedArrayBuffer(4);
  return Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const wk = new Worker(new URL(import.meta.url), { workerData: { mod, base, workers, rounds, sab, w } });
      return new Promise((resolve, reject) => (wk.on('message', resolve), wk.on('error', reject)));
    }),
  ).then((misses) => misses.reduce((a, b) => a + b, 0));
}

if (!isMainThread) {
  const { publish, uniqueTmp } = await import(workerData.mod);
  const arrivals = new Int32Array(workerData.sab);
  let misses = 0;
  for (let r = 0; r < workerData.rounds; r++) {
    const dir = path.join(workerData.base, `r${r}`);
    const tmp = `${uniqueTmp(dir)}${workerData.w}`;
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'lib.jar'), 'x');
    const target = (r + 1) * workerData.workers;
    if (Atomics.add(arrivals, 0, 1) + 1 === target) Atomics.notify(arrivals, 0);
    else while (Atomics.load(arrivals, 0) < target) Atomics.wait(arrivals, 0, Atomics.load(arrivals, 0), 5);
    publish(tmp, dir, 'lib.jar');
    for (let i = 0; i < 50; i++) if (!fs.existsSync(path.join(dir, 'lib.jar'))) misses++;
  }
  parentPort.postMessage(misses);
}
