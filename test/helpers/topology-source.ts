// A project whose Flux file builds its topology through topologySource: the exclamation sample's spout and bolts,
// a class whose getTopology(config) wires them, and a Flux file naming that class (or another).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './tmp.js';

const SOURCE = `package dev.storm2flink.samples.exclamation;

import java.util.Map;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;

public class ExclamationSource {
    public StormTopology getTopology(Map<String, Object> config) {
        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout("words", new ReliableWordSpout(), 1);
        builder.setBolt("exclaim1", new ExclamationBolt("!!!"), 3).shuffleGrouping("words");
        builder.setBolt("exclaim2", new ExclamationBolt("!!!"), 2).fieldsGrouping("exclaim1", new org.apache.storm.tuple.Fields("word"));
        return builder.createTopology();
    }
}
`;

/** The exclamation sample's components, a topologySource class, and a Flux file naming it (or another class). */
export function topologySourceProject(className = 'dev.storm2flink.samples.exclamation.ExclamationSource'): string {
  const dir = path.join(tempDir('s2f-topology-source-'), 'exclamation');
  fs.cpSync(path.resolve('samples', 'exclamation'), dir, { recursive: true, filter: (p) => !['target', 'flux'].includes(path.basename(p)) });
  fs.writeFileSync(path.join(dir, 'src', 'main', 'java', 'dev', 'storm2flink', 'samples', 'exclamation', 'ExclamationSource.java'), SOURCE);
  fs.mkdirSync(path.join(dir, 'src', 'main', 'resources', 'flux'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'src', 'main', 'resources', 'flux', 'source.yaml'),
    `name: "exclamation-source"\ntopologySource:\n  className: "${className}"\nconfig:\n  topology.workers: 1\n`,
  );
  return dir;
}
