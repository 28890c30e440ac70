// Content hashes for resuming: a topology is redone only when one of its inputs changed.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../model/files.js';
import type { Topology } from '../model/topology.js';

export class FileHasher {
  private readonly cache = new Map<string, string>();
  /** sha256 of the file's bytes, or a marker when it cannot be read (so a later fix changes the hash). */
  file(abs: string): string {
    const hit = this.cache.get(abs);
    if (hit) return hit;
    let h: string;
    try {
      h = createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
    } catch (e) {
      h = `unreadable:${(e as NodeJS.ErrnoException).code ?? 'error'}`;
    }
    this.cache.set(abs, h);
    return h;
  }
}

export function hashParts(parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** Every file under a folder (sorted, relative), with its hash; empty when the folder is absent. */
export function folderParts(dir: string, hasher: FileHasher): string[] {
  return listFiles(dir).map((abs) => `${path.relative(dir, abs).split(path.sep).join('/')}=${hasher.file(abs)}`);
}

export interface TopologyHashInput {
  topology: Topology;
  cwd: string;
  toolVersion: string;
  dataDir?: string;
  /** Names and versions of the stage plug-ins: a new translator redoes everything. */
  stages: string[];
  /** What the stages read besides the topology's files (`StageResult.inputs`: helper classes, resources, poms). */
  read?: string[];
  hasher: FileHasher;
}

/** Every file a stage result says it read, once, sorted. */
export function stageInputs(results: Iterable<{ inputs?: string[] } | undefined>): string[] {
  const all = new Set<string>();
  for (const r of results) for (const f of r?.inputs ?? []) all.add(f);
  return [...all].sort();
}

/** The model itself, every file it was read from and its stages read, its sample data, the tool and stage versions. */
export function topologyHash(i: TopologyHashInput): string {
  const parts = [`tool=${i.toolVersion}`, `stages=${i.stages.join(',')}`, `model=${JSON.stringify(i.topology)}`];
  for (const f of [...i.topology.files].sort()) parts.push(`file:${f}=${i.hasher.file(path.resolve(i.cwd, f))}`);
  for (const f of i.read ?? []) parts.push(`read:${f}=${i.hasher.file(path.resolve(i.cwd, f))}`);
  if (i.dataDir) parts.push(`data=${i.dataDir}`, ...folderParts(i.dataDir, i.hasher));
  return hashParts(parts);
}
