// What `migrate` writes to summary.json: the per-topology stage results and facts the report reads.
// Declared once with TypeBox, as the topology model is: users keep and diff this file, so it has a schema and a version.
import { Type, type Static } from '@sinclair/typebox';
import { AnalysisSchema, DiagnosticSchema, SourceLocationSchema, TopologySchema, type Topology } from './topology.js';

/** 2: the `build` stage (never run; verify compiles the job) and `counts.built` are gone. */
export const SUMMARY_VERSION = 2 as const;
/** Versions whose topologies a run still reads to judge regressions (1 differs only by the build stage). */
export const SUMMARY_VERSIONS_READ: readonly number[] = [1, SUMMARY_VERSION];

/** Stages in pipeline order. `analyze` is built in; the others are plug-ins. */
export const STAGE_NAMES = ['analyze', 'translate', 'verify'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * ok: done and succeeded · failed: tried and did not succeed (see reason) · skipped: deliberately
 * not done (e.g. not selected by --only) · blocked: the topology cannot migrate automatically ·
 * not-run: a prerequisite is missing (an earlier stage did not succeed, no plug-in, no --verify).
 */
export const StageStatusSchema = Type.Union([
  Type.Literal('ok'),
  Type.Literal('failed'),
  Type.Literal('skipped'),
  Type.Literal('blocked'),
  Type.Literal('not-run'),
]);
export type StageStatus = Static<typeof StageStatusSchema>;

const FlinkResourcesSchema = Type.Object(
  {
    taskManagers: Type.Integer(),
    slotsPerTaskManager: Type.Integer(),
    taskHeapMb: Type.Number(),
    jobManagerMb: Type.Optional(Type.Number()),
    parallelism: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

/** What the translate stage tells the report (a projection of the translator's JobPlan). */
export const TranslationFactsSchema = Type.Object(
  {
    guarantee: Type.Optional(
      Type.Object({ before: Type.Optional(Type.String()), after: Type.String(), because: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ),
    flinkResources: Type.Optional(FlinkResourcesSchema),
    configMapping: Type.Optional(
      Type.Array(
        Type.Object(
          {
            stormKey: Type.Optional(Type.String()),
            stormValue: Type.Optional(Type.String()),
            flinkKey: Type.Optional(Type.String()),
            flinkValue: Type.Optional(Type.String()),
            origin: Type.String(),
            because: Type.String(),
          },
          { additionalProperties: false },
        ),
        { description: 'Storm → Flink config decisions with provenance' },
      ),
    ),
    components: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Type.String(),
            status: Type.Union([Type.Literal('supported'), Type.Literal('warning'), Type.Literal('unsupported')]),
            note: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
        { description: 'Compat status per component id' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TranslationFacts = Static<typeof TranslationFactsSchema>;

const VerdictSchema = Type.Union([Type.Literal('equivalent'), Type.Literal('not-equivalent')]);

/** What the verify stage tells the report. */
export const VerificationFactsSchema = Type.Object(
  {
    verdict: VerdictSchema,
    summary: Type.Optional(Type.String()),
    rows: Type.Array(
      Type.Object(
        {
          component: Type.String(),
          stream: Type.String(),
          storm: Type.Integer(),
          flink: Type.Integer(),
          equal: Type.Boolean(),
          differences: Type.Optional(
            Type.Array(
              Type.Object(
                { key: Type.Optional(Type.String()), storm: Type.Optional(Type.String()), flink: Type.Optional(Type.String()) },
                { additionalProperties: false },
              ),
              { description: 'A few differing tuples, already rendered as text' },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type VerificationFacts = Static<typeof VerificationFactsSchema>;

export const StageResultSchema = Type.Object(
  {
    status: StageStatusSchema,
    reason: Type.Optional(Type.String()),
    durationMs: Type.Optional(Type.Number({ minimum: 0 })),
    reused: Type.Optional(Type.Boolean({ description: 'True when this result was carried over from the previous run in --out' })),
    diagnostics: Type.Optional(Type.Array(DiagnosticSchema)),
    files: Type.Optional(Type.Array(Type.String(), { description: "Files the stage wrote, relative to the topology's folder under --out (forward slashes)" })),
    inputs: Type.Optional(
      Type.Array(Type.String(), {
        description: "Files the stage read besides the topology's own (helper classes, resources, poms), relative to the working folder: part of inputHash",
      }),
    ),
    translation: Type.Optional(TranslationFactsSchema),
    verification: Type.Optional(VerificationFactsSchema),
  },
  { additionalProperties: false },
);
export type StageResult = Static<typeof StageResultSchema>;

export const ReadinessSchema = Type.Union([Type.Literal('ready'), Type.Literal('warnings'), Type.Literal('blocked')]);
export type Readiness = Static<typeof ReadinessSchema>;

/** Facts for the overview, computed from the model and the stage results. */
export const TopologyFactsSchema = Type.Object(
  {
    readiness: ReadinessSchema,
    spouts: Type.Integer(),
    bolts: Type.Integer(),
    edges: Type.Integer(),
    groupings: Type.Array(Type.String()),
    ticks: Type.Integer({ description: 'Bolts that receive tick tuples' }),
    kafkaTopics: Type.Array(Type.String()),
    deliveryBefore: Type.Union([Type.Literal('at-least-once'), Type.Literal('at-most-once')]),
    deliveryBeforeBecause: Type.String(),
    deliveryAfter: Type.Optional(Type.String()),
    storm: Type.Object({ workers: Type.Integer(), heapMb: Type.Number(), because: Type.String() }, { additionalProperties: false }),
    flink: Type.Optional(FlinkResourcesSchema),
    verdict: Type.Optional(VerdictSchema),
    diagnostics: Type.Object({ error: Type.Integer(), warning: Type.Integer(), info: Type.Integer() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type TopologyFacts = Static<typeof TopologyFactsSchema>;

export const TopologyRunSchema = Type.Object(
  {
    id: Type.String(),
    folder: Type.String({ description: 'Safe folder and page name under --out (see topologyFolders)' }),
    name: Type.Union([Type.String(), Type.Null()]),
    kind: TopologySchema.properties.kind,
    source: SourceLocationSchema,
    files: Type.Array(Type.String()),
    inputHash: Type.String({
      description: "Content hash of the topology's inputs (its files, the files its stages read, model, data, tool and stage versions)",
    }),
    selected: Type.Boolean({ description: 'False when --only left it out (its results are carried over or skipped)' }),
    redone: Type.Boolean({ description: 'False when nothing was redone: its model and every stage result came from the previous run' }),
    stages: Type.Object(Object.fromEntries(STAGE_NAMES.map((s) => [s, StageResultSchema])) as Record<StageName, typeof StageResultSchema>, {
      additionalProperties: false,
    }),
    facts: TopologyFactsSchema,
  },
  { additionalProperties: false },
);
export type TopologyRun = Static<typeof TopologyRunSchema>;

export const CountsSchema = Type.Object(
  {
    topologies: Type.Integer(),
    analyzed: Type.Integer(),
    translated: Type.Integer(),
    verified: Type.Object({ equivalent: Type.Integer(), notEquivalent: Type.Integer(), notRun: Type.Integer() }, { additionalProperties: false }),
    blocked: Type.Integer(),
    failed: Type.Integer(),
    reused: Type.Integer({ description: 'Topologies whose every stage was carried over from the previous run' }),
    failedFiles: Type.Integer({ description: 'Files that could not be analyzed (no topology came out of them)' }),
  },
  { additionalProperties: false },
);
export type Counts = Static<typeof CountsSchema>;

export const RegressionSchema = Type.Object({ id: Type.String(), what: Type.String() }, { additionalProperties: false });
export type Regression = Static<typeof RegressionSchema>;

export const SummarySchema = Type.Object(
  {
    version: Type.Literal(SUMMARY_VERSION),
    tool: Type.Object({ name: Type.Literal('storm2flink'), version: Type.String() }, { additionalProperties: false }),
    generatedAt: Type.String({ description: 'ISO-8601 date-time' }),
    durationMs: Type.Number({ minimum: 0 }),
    options: Type.Object(
      {
        paths: Type.Array(Type.String()),
        verify: Type.Boolean(),
        dataDir: Type.Optional(Type.String()),
        only: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
    analysisHash: Type.String({ description: 'Hash of every analyzed file and the tool version: an equal hash reuses analysis.json' }),
    counts: CountsSchema,
    topologies: Type.Array(TopologyRunSchema),
    failedFiles: Type.Array(Type.Object({ file: Type.String(), diagnostics: Type.Array(DiagnosticSchema) }, { additionalProperties: false }), {
      description: 'Errors of files that produced no topology',
    }),
    diagnostics: Type.Array(DiagnosticSchema, { description: 'Batch-level diagnostics (not attached to a topology)' }),
    stats: AnalysisSchema.properties.stats,
    regressions: Type.Array(RegressionSchema),
  },
  {
    $id: 'https://storm2flink.dev/schema/summary.schema.json',
    title: 'storm2flink migrate summary',
    additionalProperties: false,
  },
);
export type Summary = Static<typeof SummarySchema>;

/** Whether a topology migrates automatically, with warnings, or not at all. */
export function readiness(t: Topology): Readiness {
  if (t.blocked) return 'blocked';
  if (t.diagnostics.some((d) => d.severity !== 'info')) return 'warnings';
  return 'ready';
}
