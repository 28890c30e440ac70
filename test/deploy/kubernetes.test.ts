// Kubernetes tier: every sample translated with `--target kubernetes` (application mode: a FlinkDeployment with
// spec.job) and `--target kubernetes-session` (a session FlinkDeployment and a FlinkSessionJob) validates against the
// CRDs of the Flink Kubernetes Operator, flink.apache.org/v1beta1, as the API server would with strict field
// validation (`kubectl apply --validate=strict`): the CRD YAML comes from the newest operator API jar the Maven mirror
// serves (flink-kubernetes-operator-api 1.10.0, META-INF/fabric8/*-v1.yml), fetched at test time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../src/analyzer/analyze.js';
import type { Topology } from '../../src/model/topology.js';
import type { EmittedFile } from '../../src/translator/emit.js';
import { copyArtifact, unpackEntries } from '../helpers/maven.js';
import { project, text } from '../translator/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The newest flink-kubernetes-operator-api on the mirror here (1.11.0 and later are not served). */
export const OPERATOR_API = 'org.apache.flink:flink-kubernetes-operator-api:1.10.0';
/** Its parent pom names the Flink the operator is built on, whose option names its validator reads. */
const OPERATOR_PARENT = 'org.apache.flink:flink-kubernetes-operator-parent:1.10.0:pom';

/**
 * What operator 1.10's DefaultValidator.validateJobSpec refuses for an upgrade mode, given the effective Flink
 * configuration (defaults, session cluster, session job): a checkpoint directory for last-state and savepoint, a
 * savepoint directory for savepoint. It reads them through Flink 1.19's CheckpointingOptions, i.e. under their names
 * before Flink 1.20 renamed them (and their older deprecated names).
 */
function operator110Refuses(mode: string | undefined, conf: Record<string, string>): string[] {
  const has = (...keys: string[]) => keys.some((k) => (conf[k] ?? '').trim() !== '');
  const out: string[] = [];
  if (mode !== 'stateless' && !has('state.checkpoints.dir', 'state.backend.fs.checkpointdir')) out.push(`${mode}: no state.checkpoints.dir`);
  if (mode === 'savepoint' && !has('state.savepoints.dir', 'savepoints.state.backend.fs.dir')) out.push(`${mode}: no state.savepoints.dir`);
  return out;
}

interface Crd {
  spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
}

/**
 * The API server's strict field validation as JSON Schema: an object schema that lists its properties and neither
 * allows others nor preserves unknown fields rejects fields it does not list (the schema alone only prunes them).
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(Object.entries(schema as Record<string, unknown>).map(([k, v]) => [k, k === 'enum' || k === 'required' ? v : strict(v)]));
  if (s.properties && s.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) s.additionalProperties = false;
  return s;
}

interface Validator {
  kind: string;
  apiVersion: string;
  validate: ValidateFunction;
}

function validator(ajv: Ajv, file: string): Validator {
  const crd = parse(fs.readFileSync(file, 'utf8')) as Crd;
  const v = crd.spec.versions.find((x) => x.name === 'v1beta1');
  if (!v) throw new Error(`${file} has no v1beta1 version`);
  return { kind: crd.spec.names.kind, apiVersion: `${crd.spec.group}/${v.name}`, validate: ajv.compile(strict(v.schema.openAPIV3Schema) as object) };
}

/** Problems of one resource: its type, its name (what the API server checks outside the schema), then the schema. */
function problems(validators: Validator[], doc: Record<string, unknown>): string[] {
  const { apiVersion, kind, metadata, ...rest } = doc;
  const v = validators.find((x) => x.kind === kind);
  if (!v) return [`no CRD for kind ${String(kind)}`];
  const out: string[] = [];
  if (apiVersion !== v.apiVersion) out.push(`apiVersion ${String(apiVersion)} is not ${v.apiVersion}`);
  const name = (metadata as { name?: unknown } | undefined)?.name;
  // Object names are DNS subdomains; the operator derives Services (DNS labels, at most 63) from a deployment's name.
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 45)
    out.push(`metadata.name ${JSON.stringify(name)} is not a DNS label of at most 45 characters`);
  if (!v.validate(rest))
    out.push(...(v.validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
  return out;
}

function resources(files: EmittedFile[]): { file: string; doc: Record<string, unknown> }[] {
  return files
    .filter((f) => f.path.startsWith('deploy/') && f.path.endsWith('.yaml') && 'content' in f && /^kind: /m.test(String(f.content)))
    .map((f) => ({ file: f.path, doc: parse(text(files, f.path), { version: '1.1' }) as Record<string, unknown> }));
}

describe(`generated Kubernetes resources validate against the Flink Kubernetes Operator's CRDs (${OPERATOR_API})`, () => {
  let validators: Validator[] = [];
  let samples: Topology[] = [];

  beforeAll(async () => {
    const dir = unpackEntries(`${OPERATOR_API}:jar`, 'META-INF/fabric8/*-v1.yml');
    const ajv = new Ajv({ allErrors: true, strict: false });
    // int-or-string fields (resource quantities, ports) have no type of their own in the schema.
    ajv.addKeyword({
      keyword: 'x-kubernetes-int-or-string',
      schemaType: 'boolean',
      validate: (on: boolean, data: unknown) => !on || typeof data === 'string' || Number.isInteger(data),
    });
    validators = ['flinkdeployments', 'flinksessionjobs'].map((n) => validator(ajv, path.join(dir, 'META-INF', 'fabric8', `${n}.flink.apache.org-v1.yml`)));
    samples = (await analyzePaths([path.join(ROOT, 'samples')])).topologies.filter((t) => !t.blocked);
  }, 300_000);

  it("the operator's validator reads Flink 1.19's option names (its parent pom's flink.version)", () => {
    const pom = fs.readFileSync(copyArtifact(OPERATOR_PARENT), 'utf8');
    expect(/<flink\.version>([^<]+)<\/flink\.version>/.exec(pom)?.[1]).toMatch(/^1\.19\./);
  });

  it('has the CRDs and the samples', () => {
    expect(validators.map((v) => `${v.apiVersion} ${v.kind}`)).toEqual([
      'flink.apache.org/v1beta1 FlinkDeployment',
      'flink.apache.org/v1beta1 FlinkSessionJob',
    ]);
    expect(samples.length).toBeGreaterThan(10);
  });

  it('application mode (--target kubernetes): a FlinkDeployment with spec.job, for every sample', async () => {
    const bad: string[] = [];
    const modes = new Set<string>();
    for (const t of samples) {
      const docs = resources(await project(t, t.id, { target: 'kubernetes', cwd: ROOT }));
      expect(
        docs.map((d) => `${d.file} ${String(d.doc.kind)}`),
        t.id,
      ).toEqual(['deploy/flink-deployment.yaml FlinkDeployment']);
      const spec = docs[0]!.doc.spec as { job?: { jarURI?: string; upgradeMode?: string }; flinkConfiguration: Record<string, string> };
      expect(spec.job?.jarURI, t.id).toMatch(/^local:\/\/\/opt\/flink\/usrlib\/.+\.jar$/);
      // The cluster is the job's own: last-state (cancel, then the latest retained checkpoint) whenever it checkpoints.
      const checkpoints = spec.flinkConfiguration['execution.checkpointing.interval'] !== undefined;
      modes.add(spec.job?.upgradeMode ?? '');
      expect(spec.job?.upgradeMode, t.id).toBe(checkpoints ? 'last-state' : 'stateless');
      if (checkpoints) expect(spec.flinkConfiguration['execution.checkpointing.externalized-checkpoint-retention'], t.id).toBe('RETAIN_ON_CANCELLATION');
      bad.push(...operator110Refuses(spec.job?.upgradeMode, spec.flinkConfiguration).map((p) => `${t.id}: operator 1.10 refuses ${p}`));
      for (const d of docs) bad.push(...problems(validators, d.doc).map((p) => `${t.id} ${d.file}: ${p}`));
    }
    expect(bad).toEqual([]);
    expect([...modes].sort(), 'samples with and without checkpoints').toEqual(['last-state', 'stateless']);
  });

  it('session mode (--target kubernetes-session): a session FlinkDeployment without a job and a FlinkSessionJob on it, for every sample', async () => {
    const bad: string[] = [];
    const modes = new Set<string>();
    for (const t of samples) {
      const docs = resources(await project(t, t.id, { target: 'kubernetes-session', cwd: ROOT }));
      expect(
        docs.map((d) => `${d.file} ${String(d.doc.kind)}`),
        t.id,
      ).toEqual(['deploy/flink-deployment.yaml FlinkDeployment', 'deploy/flink-session-job.yaml FlinkSessionJob']);
      const [dep, job] = docs as unknown as [
        { doc: { metadata: { name: string }; spec: Record<string, unknown> } },
        { doc: { spec: { deploymentName: string; flinkConfiguration: Record<string, string>; job: { entryClass: string; upgradeMode?: string } } } },
      ];
      expect(dep.doc.spec.job, t.id).toBeUndefined();
      expect(job.doc.spec.deploymentName, t.id).toBe(dep.doc.metadata.name);
      // A savepoint into the job's own folder, set on the job itself: the session cluster may be shared.
      const own = job.doc.spec.flinkConfiguration;
      const checkpoints = own['execution.checkpointing.interval'] !== undefined;
      modes.add(job.doc.spec.job.upgradeMode ?? '');
      expect(job.doc.spec.job.upgradeMode, t.id).toBe(checkpoints ? 'savepoint' : 'stateless');
      if (checkpoints) {
        expect(own['execution.checkpointing.savepoint-dir'], t.id).toMatch(/^\w+:\/\/\/flink\/savepoints\/./);
        expect(own['state.savepoints.dir'], t.id).toBe(own['execution.checkpointing.savepoint-dir']);
      }
      // The operator validates a session job against the session cluster's configuration with the job's over it.
      const effective = { ...(dep.doc.spec.flinkConfiguration as Record<string, string>), ...own };
      bad.push(...operator110Refuses(job.doc.spec.job.upgradeMode, effective).map((p) => `${t.id}: operator 1.10 refuses ${p}`));
      expect(job.doc.spec.job.entryClass, t.id).toMatch(/^storm2flink\.job\./);
      for (const d of docs) bad.push(...problems(validators, d.doc).map((p) => `${t.id} ${d.file}: ${p}`));
    }
    expect(bad).toEqual([]);
    expect([...modes].sort(), 'samples with and without checkpoints').toEqual(['savepoint', 'stateless']);
  });

  // Operator 1.10's CRD lists Flink versions up to v1_20; a Flink 2.x deployment needs an operator whose CRD lists
  // v2_2, which the mirror does not serve: everything else of the 2.x resources validates.
  it('Flink 2.x resources differ from the 1.10 CRD only in spec.flinkVersion, for every sample', async () => {
    for (const t of samples) {
      for (const target of ['kubernetes', 'kubernetes-session'] as const) {
        for (const d of resources(await project(t, t.id, { flink: '2.x', target, cwd: ROOT }))) {
          const p = problems(validators, d.doc);
          // Flink 2.x dropped the pre-1.20 names, and the operators that take 2.x (1.13+) read the new ones.
          const conf = (d.doc.spec as { flinkConfiguration: Record<string, string> }).flinkConfiguration;
          expect(
            Object.keys(conf).filter((k) => k.startsWith('state.checkpoints.') || k === 'state.savepoints.dir'),
            `${t.id} ${d.file}`,
          ).toEqual([]);
          if (d.doc.kind === 'FlinkDeployment') {
            expect((d.doc.spec as { flinkVersion: string }).flinkVersion).toBe('v2_2');
            expect(p, `${t.id} ${d.file}`).toEqual([expect.stringMatching(/^\/spec\/flinkVersion must be equal to one of the allowed values/)]);
          } else expect(p, `${t.id} ${d.file}`).toEqual([]);
        }
      }
    }
  });

  it('the validation rejects what the API server would: an unknown field, a wrong enum value, a missing name', async () => {
    const t = samples.find((x) => x.id === 'kafka-pipeline')!;
    const good = resources(await project(t, t.id, { target: 'kubernetes', cwd: ROOT }))[0]!.doc as {
      metadata: { name: string };
      spec: { job: Record<string, unknown> };
    };
    expect(problems(validators, good)).toEqual([]);
    const mutate = (f: (d: typeof good) => void) => {
      const d = structuredClone(good);
      f(d);
      return problems(validators, d as unknown as Record<string, unknown>);
    };
    expect(mutate((d) => (d.spec.job.upgradeMod = 'last-state'))).toEqual([expect.stringMatching(/^\/spec\/job must NOT have additional properties/)]);
    expect(mutate((d) => (d.spec.job.upgradeMode = 'latest'))).toEqual([
      expect.stringMatching(/^\/spec\/job\/upgradeMode must be equal to one of the allowed values/),
    ]);
    expect(mutate((d) => (d.spec.job.parallelism = '2'))).toEqual([expect.stringMatching(/^\/spec\/job\/parallelism must be integer/)]);
    expect(mutate((d) => (d.metadata.name = 'Word_Count'))).toEqual([expect.stringMatching(/^metadata\.name "Word_Count"/)]);
  });
});
