// Where a Flux file's multilang script is found: Storm runs it from the jar's resources/ folder, which a project
// fills from src/main/resources or from a folder its pom declares (storm-starter's multilang/resources/).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzePaths } from '../../../src/analyzer/analyze.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's2f-multilang-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (rel: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), content);
};

const FLUX = `name: "hand-in"
spouts:
  - id: "sentences"
    className: "org.apache.storm.flux.wrappers.spouts.FluxShellSpout"
    constructorArgs:
      - ["node", "sentences.js"]
      - ["sentence"]
bolts:
  - id: "split"
    className: "org.apache.storm.flux.wrappers.bolts.FluxShellBolt"
    constructorArgs:
      - ["python3", "split.py"]
      - ["word"]
streams:
  - from: "sentences"
    to: "split"
    grouping:
      type: SHUFFLE
`;

const SPOUT_JS = `var storm = require('./storm');
function Spout() { storm.Spout.call(this); }
Spout.prototype = Object.create(storm.Spout.prototype);
Spout.prototype.nextTuple = function (done) { var line = 'a b'; this.emit({ tuple: [line] }, function () {}); done(); };
new Spout().run();
`;

async function scripts() {
  const a = await analyzePaths([dir], { cwd: dir, env: {} });
  const t = a.topologies[0]!;
  return {
    scripts: Object.fromEntries(t.components.map((c) => [c.id, c.multilang?.script ?? null])),
    notFound: t.diagnostics.filter((d) => d.code === 'S2F501').map((d) => d.message),
  };
}

describe("a Flux file's multilang scripts", () => {
  it("storm-starter's layout without a pom: multilang/resources/<script> is found and read", async () => {
    write('hw/src/main/resources/topology.yaml', FLUX);
    write('hw/multilang/resources/sentences.js', SPOUT_JS);
    write('hw/multilang/resources/split.py', 'import storm\n');
    const r = await scripts();
    expect(r.notFound).toEqual([]);
    expect(r.scripts).toEqual({ sentences: 'hw/multilang/resources/sentences.js', split: 'hw/multilang/resources/split.py' });
  });

  it('src/main/resources/resources/ (the Maven layout) comes first; a script nowhere under a resources/ folder is still S2F501', async () => {
    write('hw/src/main/resources/topology.yaml', FLUX);
    write('hw/src/main/resources/resources/sentences.js', SPOUT_JS);
    write('hw/multilang/resources/sentences.js', SPOUT_JS);
    write('hw/scripts/split.py', 'import storm\n');
    const r = await scripts();
    expect(r.scripts).toEqual({ sentences: 'hw/src/main/resources/resources/sentences.js', split: null });
    expect(r.notFound).toEqual(['the script "split.py" of "split" is not under a resources/ folder of the analyzed tree']);
  });
});
