// Engines a batch of verify runs shares (migrate --verify, verify of a path with several topologies): one
// broker, started on first use, and long-lived Storm and Flink JVMs. Each run still gets a clean slate.
import { startBroker, type Broker } from './broker.js';
import { flinkServers } from './flink-side.js';
import { deleteAllTopics } from './replay.js';
import type { ServerPool } from './servers.js';
import { stormServers } from './storm.js';

/** One broker for the batch, leased to one run at a time with no topic of an earlier run left. */
export class SharedBroker {
  private started: Promise<Broker> | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The broker for one run; its stop() ends the lease (the broker keeps running for the next run). */
  async lease(): Promise<Broker> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((r) => (release = r));
    await previous;
    try {
      // Spouts read from the earliest offset: another run's records in a topic of the same name would be read too.
      const broker = await (this.started ??= startBroker({ env: this.env }));
      await deleteAllTopics(broker.bootstrapServers);
      return { bootstrapServers: broker.bootstrapServers, external: true, stop: async () => release() };
    } catch (e) {
      release();
      throw e;
    }
  }

  async stop(): Promise<void> {
    const started = this.started;
    this.started = null;
    if (started) await started.then((b) => b.stop()).catch(() => undefined);
  }
}

export interface Engines {
  broker: SharedBroker;
  storm: ServerPool;
  flink: ServerPool;
  close(): Promise<void>;
}

/** Engines for a batch that runs up to `concurrency` verifications at once. */
export function batchEngines(concurrency: number, env: NodeJS.ProcessEnv = process.env): Engines {
  const broker = new SharedBroker(env);
  const storm = stormServers(Math.max(1, concurrency), env);
  const flink = flinkServers(Math.max(1, concurrency), env);
  return {
    broker,
    storm,
    flink,
    async close() {
      storm.close();
      flink.close();
      await broker.stop();
    },
  };
}
